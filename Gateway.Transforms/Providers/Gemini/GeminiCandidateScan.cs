namespace Gateway.Transforms.Providers.Gemini;

/// <summary>One candidate's index, finish reason and where its parts are.</summary>
internal struct GeminiCandidateScan
{
    /// <summary>The candidate's <c>index</c>; an omitted index is 0 (proto3 JSON leaves out default values).</summary>
    public int Index;

    public GeminiFinishReason Finish;

    /// <summary>The <c>content.parts</c> array, absent when the candidate has no content (for example a SAFETY stop).</summary>
    public Range? Parts;
}
