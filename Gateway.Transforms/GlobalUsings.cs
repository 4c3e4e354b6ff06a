// Namespaces that a good share of this project's files import, once here instead of in every header.
global using System.Buffers;
global using System.Net.Http.Headers;
global using System.Runtime.InteropServices;
global using System.Text;
global using System.Text.Json;
global using Gateway.Transforms.Adapters;
global using Gateway.Transforms.Buffers;
global using Gateway.Transforms.Errors;
global using Gateway.Transforms.OpenAI;
global using Gateway.Transforms.Usage;
