namespace Gateway.Transforms.Completions;

/// <summary>What a legacy completions <c>prompt</c> holds.</summary>
public enum CompletionsPromptKind
{
    /// <summary>One text (a string, or an array of one string).</summary>
    Text,

    /// <summary>Several texts: one completion each.</summary>
    Texts,

    /// <summary>One prompt as token ids.</summary>
    Tokens,

    /// <summary>Several prompts as arrays of token ids.</summary>
    TokenArrays,
}
