namespace Gateway.Proxy.Options;

/// <summary>
/// How prompts are counted, for routing's context-window checks and for usage records a provider left without counts
/// (<c>Gateway:TokenCounting</c>).
/// </summary>
internal sealed class TokenCountingOptions
{
    public const string Section = "Gateway:TokenCounting";

    /// <summary>
    /// Count OpenAI-family prompts with the tiktoken vocabularies (o200k, cl100k): exact, ~4 MB of heap each, loaded in
    /// the background at start-up. False counts every prompt with the calibrated byte estimate (within about 25 %) and
    /// loads no vocabulary, for small pods. Read at start-up.
    /// </summary>
    public bool UseTokenizers { get; set; } = true;
}
