namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>Where one top-level field of a provider's object lies in its bytes, and how it is written.</summary>
internal struct OpenAiChunkField
{
    /// <summary>The name's opening quote.</summary>
    public int NameStart;

    /// <summary>The name's length between its quotes, as sent (escapes not undone).</summary>
    public int NameLength;

    public int ValueStart;

    /// <summary>Just past the value's last byte.</summary>
    public int ValueEnd;

    public bool NameEscaped;

    public OpenAiChunkFieldKind Kind;
}
