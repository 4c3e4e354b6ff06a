global using Microsoft.AspNetCore.Http.Features;
