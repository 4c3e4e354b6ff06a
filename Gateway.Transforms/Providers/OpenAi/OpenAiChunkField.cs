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

    /// <summary>The same field in a copy of the object whose bytes from <paramref name="at"/> on moved by <paramref name="shift"/>.</summary>
    public readonly OpenAiChunkField Shifted(int at, int shift)
    {
        var moved = this;
        if (NameStart >= at)
        {
            moved.NameStart += shift;
        }
        if (ValueStart >= at)
        {
            moved.ValueStart += shift;
        }
        if (ValueEnd >= at)
        {
            moved.ValueEnd += shift;
        }
        return moved;
    }
}
