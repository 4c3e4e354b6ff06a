namespace Gateway.Transforms.Adapters;

/// <summary>
/// What every JSON request kind holds: the parsed document over the caller's buffer (which must outlive it), the model,
/// OpenRouter's <c>models</c> fallbacks (empty for a kind without them) and whether the answer streams. Disposing the
/// request returns the document's buffers, and whatever else a kind owns (<see cref="Dispose(bool)"/>).
/// </summary>
public abstract class JsonGatewayRequest(JsonDocument document, string model) : IGatewayRequest
{
    public string Model { get; } = model;

    /// <summary>OpenRouter's <c>models</c> fallback list, in order.</summary>
    public IReadOnlyList<string> FallbackModels { get; protected set; } = [];

    public bool Stream { get; protected set; }

    public JsonElement Root => document.RootElement;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A kind that owns more than the document releases it here, then calls the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            document.Dispose();
        }
    }
}
