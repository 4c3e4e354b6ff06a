namespace Gateway.Transforms.Providers.Gemini;

/// <summary>The kinds of response part the adapter converts; others (inline media, code execution) are skipped.</summary>
internal enum GeminiPartKind
{
    Other,
    Text,
    FunctionCall,
}
