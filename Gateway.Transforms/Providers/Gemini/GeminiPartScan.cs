namespace Gateway.Transforms.Providers.Gemini;

/// <summary>One response part: its kind and the byte ranges of its text or function call.</summary>
internal struct GeminiPartScan
{
    public GeminiPartKind Kind;

    /// <summary><c>thought: true</c>: the text is a thought summary (reasoning), not the answer.</summary>
    public bool Thought;

    /// <summary>The <c>text</c> string token, quotes included.</summary>
    public Range Text;

    /// <summary>The <c>functionCall.name</c> string token, quotes included.</summary>
    public Range Name;

    /// <summary>The <c>functionCall.args</c> object, absent for a call without arguments.</summary>
    public Range? Args;
}
