using System.Runtime.InteropServices;
using System.Text.Json;

namespace Gateway.Transforms.OpenAI;

/// <summary>The fields of a chat tool's <c>function</c> that every provider's tool declaration takes over as sent.</summary>
internal static class ChatFunctionFields
{
    /// <summary>
    /// <c>name</c> and, where it is a string, <c>description</c>, copied raw (the validator has checked them) into the
    /// declaration object being written.
    /// </summary>
    public static void WriteNameAndDescription(Utf8JsonWriter json, JsonElement function)
    {
        json.WritePropertyName("name"u8);
        json.WriteRawValue(JsonMarshal.GetRawUtf8Value(function.GetProperty("name"u8)), skipInputValidation: true);
        if (function.TryGetProperty("description"u8, out var description) && description.ValueKind == JsonValueKind.String)
        {
            json.WritePropertyName("description"u8);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(description), skipInputValidation: true);
        }
    }

    /// <summary><c>{"type":"object","properties":{}}</c>: the schema of a function without parameters, where one is required.</summary>
    public static void WriteEmptyParameters(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "object"u8);
        json.WritePropertyName("properties"u8);
        json.WriteStartObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
