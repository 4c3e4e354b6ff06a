namespace Gateway.Proxy.Cache;

/// <summary>
/// One cached answer: the endpoint's answer in its whole OpenAI form (for chat a <c>chat.completion</c> object, also
/// when it was first streamed), which a hit replays whole or as a stream, and what produced it.
/// </summary>
internal sealed class ResponseCacheEntry
{
    /// <summary>The answer's JSON, as the gateway sent it (a stream assembled into the whole answer), without OpenRouter's <c>usage.cost</c>.</summary>
    public required byte[] Answer { get; init; }

    /// <summary>The endpoint kind's name (<c>chat</c>, <c>embeddings</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>The provider that answered originally.</summary>
    public string? ProviderId { get; init; }

    /// <summary>The model that answered originally (as the provider reported it).</summary>
    public string? ServedModel { get; init; }

    public string? FinishReason { get; init; }

    /// <summary>What the original request cost (US dollars): what a hit saves.</summary>
    public decimal Cost { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>What the entry counts against the memory tier's size limit.</summary>
    public long Size => Answer.Length + 256;
}
