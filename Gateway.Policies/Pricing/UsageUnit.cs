namespace Gateway.Policies.Pricing;

/// <summary>What a request kind bills by; the usage row records it with the quantity.</summary>
public enum UsageUnit
{
    /// <summary>Prompt and completion tokens at their prices (chat, legacy completions).</summary>
    Tokens,

    /// <summary>Input tokens only, at the input price (embeddings, moderations).</summary>
    InputTokens,

    /// <summary>Generated images, priced by size and quality.</summary>
    Images,

    /// <summary>Seconds of audio in.</summary>
    AudioSeconds,

    /// <summary>Characters of text turned into speech.</summary>
    Characters,
}
