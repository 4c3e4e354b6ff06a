namespace Gateway.Transforms.Completions;

/// <summary>
/// Writes a legacy completion as a chat request: the prompt as one user message, and the fields both APIs share
/// (sampling, stop, <c>n</c>, <c>max_tokens</c>, streaming and its usage option, <c>user</c>) as sent. What chat cannot
/// carry (<c>echo</c>, <c>logprobs</c>, <c>suffix</c>, <c>best_of</c>, several prompts) is refused before this, by
/// <see cref="CompletionsChatLimits"/>.
/// </summary>
internal static class CompletionsChatBody
{
    public static void Write(CompletionsRequest request, IBufferWriter<byte> body)
    {
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, request.Model);
        json.WritePropertyName("messages"u8);
        json.WriteStartArray();
        json.WriteStartObject();
        json.WriteString("role"u8, "user"u8);
        json.WriteString("content"u8, request.Texts.Count > 0 ? request.Texts[0] : string.Empty);
        json.WriteEndObject();
        json.WriteEndArray();
        foreach (var property in request.Root.EnumerateObject())
        {
            if (!Carried(property.Name) || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            json.WritePropertyName(property.Name);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
        }
        json.WriteEndObject();
    }

    private static bool Carried(string name) => name is "max_tokens" or "temperature" or "top_p" or "n" or "stop" or "presence_penalty"
        or "frequency_penalty" or "seed" or "logit_bias" or "user" or "stream" or "stream_options";
}
