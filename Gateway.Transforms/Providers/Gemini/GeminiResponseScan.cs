namespace Gateway.Transforms.Providers.Gemini;

/// <summary>The top-level fields of one <c>GenerateContentResponse</c>, as byte ranges of its JSON where needed later.</summary>
internal struct GeminiResponseScan
{
    /// <summary>The <c>candidates</c> array, if any.</summary>
    public Range? Candidates;

    /// <summary>An <c>error</c> object (Google reports some failures inside a 200 stream).</summary>
    public Range? Error;

    /// <summary>The <c>modelVersion</c> string token, quotes included.</summary>
    public Range? ModelVersion;

    /// <summary>The <c>responseId</c> string token, quotes included.</summary>
    public Range? ResponseId;

    /// <summary><c>promptFeedback.blockReason</c> is set: the prompt itself was refused and no candidate follows.</summary>
    public bool PromptBlocked;

    public TokenUsage? Usage;
}
