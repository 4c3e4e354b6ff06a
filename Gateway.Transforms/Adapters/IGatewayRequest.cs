namespace Gateway.Transforms.Adapters;

/// <summary>
/// A validated client request of any kind (chat, embeddings, …): what the shared pipeline needs from it — the model and
/// OpenRouter's <c>models</c> fallbacks (allow-lists, routing), whether the answer streams, and the JSON document for
/// the gateway-only fields (<c>provider</c>). A multipart kind has no JSON document: its <see cref="Root"/> is <c>default</c>.
/// </summary>
public interface IGatewayRequest : IDisposable
{
    string Model { get; }

    IReadOnlyList<string> FallbackModels { get; }

    bool Stream { get; }

    JsonElement Root { get; }
}
