namespace Gateway.Transforms.Adapters;

/// <summary>What a converter learned from the provider's answer, for the usage record and metrics.</summary>
public sealed class ResponseOutcome
{
    private TokenUsage? _usage;

    /// <summary>The provider's usage, never negative whatever the provider sent.</summary>
    public TokenUsage? Usage
    {
        get => _usage;
        set => _usage = value?.NonNegative();
    }

    /// <summary>
    /// <see cref="Usage"/> is the gateway's count, not the provider's (a provider that reports none, as Gemini's
    /// embeddings): billed as it stands and marked estimated.
    /// </summary>
    public bool UsageEstimated { get; set; }

    /// <summary>
    /// For a kind billed by a unit other than tokens (images, audio seconds, characters): how many the provider served;
    /// null for token-billed kinds, whose quantity is the tokens.
    /// </summary>
    public decimal? UnitQuantity { get; set; }

    public string? ProviderResponseId { get; set; }

    /// <summary>The model name the provider reported, if any.</summary>
    public string? ProviderModel { get; set; }

    /// <summary>The OpenAI finish reason of the first choice.</summary>
    public string? FinishReason { get; set; }

    /// <summary>Set when the provider reported an error inside a 2xx stream.</summary>
    public GatewayError? StreamError { get; set; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the first output token, 0 until then.</summary>
    public long FirstTokenTimestamp { get; set; }

    /// <summary>UTF-8 bytes of generated text and tool arguments, for estimating tokens when no usage arrives.</summary>
    public long GeneratedBytes { get; set; }

    /// <summary>
    /// The stream converter has ended (the provider said it was done, its stream ended, or it failed): nothing more will
    /// be counted, so without a <see cref="StreamError"/> the provider's usage is final even if the client left before
    /// the provider closed the connection.
    /// </summary>
    public bool StreamEnded { get; set; }

    public void MarkFirstToken()
    {
        if (FirstTokenTimestamp == 0)
        {
            FirstTokenTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }
}
