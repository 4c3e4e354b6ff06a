using System.Text.Json;

namespace Gateway.Transforms.Responses;

/// <summary>
/// Writes a request's input as Responses items into the array being written, after the items of the conversation it
/// continues: for the gateway's stored conversation and for a provider that speaks the Responses API itself.
/// </summary>
internal static class ResponsesInputItems
{
    /// <summary><c>input</c> as items: a string is one user message, an array its items as sent.</summary>
    public static void Write(Utf8JsonWriter json, JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            WriteUserMessage(json, input);
            return;
        }
        foreach (var item in input.EnumerateArray())
        {
            item.WriteTo(json);
        }
    }

    /// <summary>A string input as the user message it stands for (the same object in the Responses API and in chat).</summary>
    public static void WriteUserMessage(Utf8JsonWriter json, JsonElement text)
    {
        json.WriteStartObject();
        json.WriteString("role"u8, "user"u8);
        json.WritePropertyName("content"u8);
        text.WriteTo(json);
        json.WriteEndObject();
    }

    /// <summary>Writes each element of the JSON array <paramref name="items"/> (stored items before this request) as it is.</summary>
    public static void CopyPrior(Utf8JsonWriter json, ReadOnlySpan<byte> items)
    {
        var reader = new Utf8JsonReader(items);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            json.WriteRawValue(items[start..(int)reader.BytesConsumed], skipInputValidation: true);
        }
    }
}
