namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Writes a <c>GenerateContentRequest</c> from an OpenAI chat request: <c>systemInstruction</c>, <c>contents</c>,
/// <c>tools</c>, <c>toolConfig</c> and <c>generationConfig</c>. Only mapped fields are written, so OpenAI-only
/// and gateway-only fields never reach Google. The model goes in the URL, not the body.
/// </summary>
internal static class GeminiRequestWriter
{
    public static GatewayError? Write(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(body);

        // Written aside first so a request rejected halfway leaves nothing in the caller's body.
        using var buffer = new PooledByteBufferWriter(4096);
        using var strings = new GeminiStringDecoder();
        using (var json = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            var root = request.Root;
            var messages = root.GetProperty("messages"u8);
            json.WriteStartObject();
            GeminiSystemInstructionWriter.Write(json, messages, strings);
            using (var contents = new GeminiContentsWriter(json, strings))
            {
                var error = contents.Write(messages)
                    ?? GeminiToolsWriter.Write(json, root)
                    ?? GeminiGenerationConfigWriter.Write(json, request, target);
                if (error is not null)
                {
                    return error;
                }
            }
            json.WriteEndObject();
        }
        body.Write(buffer.WrittenSpan);
        return null;
    }
}
