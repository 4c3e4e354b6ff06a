using Gateway.Transforms.Embeddings;

namespace Gateway.Transforms.Providers.OpenAi.Embeddings;

/// <summary>
/// Reads an OpenAI-shaped embeddings answer (<c>data[].embedding</c> by <c>index</c>, <c>model</c>, <c>usage.prompt_tokens</c>)
/// and writes it in the client's encoding.
/// </summary>
internal static class OpenAiEmbeddingsConverter
{
    public static void Convert(ReadOnlyMemory<byte> upstreamBody, EmbeddingsRequest request, string model, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        using var document = EmbeddingsAnswers.Parse(upstreamBody);
        var root = document.RootElement;
        if (!root.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new UpstreamFormatException("The embeddings answer has no 'data' array.");
        }
        var ordered = new JsonElement[data.GetArrayLength()];
        var position = 0;
        foreach (var item in data.EnumerateArray())
        {
            var index = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("index"u8, out var at) && at.TryGetInt32(out var i) ? i : position;
            if (index < 0 || index >= ordered.Length || ordered[index].ValueKind != JsonValueKind.Undefined
                || !item.TryGetProperty("embedding"u8, out var vector))
            {
                throw new UpstreamFormatException("The embeddings answer's 'data' is not one embedding per index.");
            }
            ordered[index] = vector;
            position++;
        }
        var served = root.TryGetProperty("model"u8, out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : model;
        var promptTokens = EmbeddingsAnswers.CountAt(root, "usage", "prompt_tokens");
        using var writer = new EmbeddingsAnswerWriter(output, request.Encoding);
        foreach (var vector in ordered)
        {
            writer.Add(vector);
        }
        EmbeddingsAnswers.ExpectCount(writer, request.InputCount);
        writer.Complete(served, promptTokens);
        outcome.ProviderModel = served;
        if (promptTokens is { } tokens)
        {
            outcome.Usage = new TokenUsage(tokens, 0);
        }
    }
}
