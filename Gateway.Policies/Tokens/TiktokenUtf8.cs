namespace Gateway.Policies.Tokens;

/// <summary>
/// UTF-16 to the bytes tiktoken merges: UTF-8, except that a lone surrogate is written as its own three bytes
/// (<c>ED A0 80</c> for U+D800) rather than replaced, which is what Microsoft.ML.Tokenizers does and so what its
/// counts are made of.
/// </summary>
internal static class TiktokenUtf8
{
    /// <summary>Bytes <paramref name="text"/> can take at most.</summary>
    public static int MaxByteCount(int chars) => chars * 3;

    /// <summary>
    /// Writes <paramref name="text"/> into <paramref name="destination"/> (at least <see cref="MaxByteCount"/> long) and
    /// returns the length. <paramref name="plain"/> is false when the text has a lone surrogate or U+FFFD: the
    /// library looks such text up in no vocabulary and always byte-pair merges it.
    /// </summary>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination, out bool plain)
    {
        plain = true;
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            uint c = text[i];
            if (c < 0x80)
            {
                destination[length++] = (byte)c;
            }
            else if (c < 0x800)
            {
                destination[length] = (byte)(0xC0 | (c >> 6));
                destination[length + 1] = (byte)(0x80 | (c & 0x3F));
                length += 2;
            }
            else if (char.IsHighSurrogate((char)c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var scalar = (uint)char.ConvertToUtf32((char)c, text[++i]);
                destination[length] = (byte)(0xF0 | (scalar >> 18));
                destination[length + 1] = (byte)(0x80 | ((scalar >> 12) & 0x3F));
                destination[length + 2] = (byte)(0x80 | ((scalar >> 6) & 0x3F));
                destination[length + 3] = (byte)(0x80 | (scalar & 0x3F));
                length += 4;
            }
            else
            {
                plain &= !char.IsSurrogate((char)c) && c != 0xFFFD;
                destination[length] = (byte)(0xE0 | (c >> 12));
                destination[length + 1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                destination[length + 2] = (byte)(0x80 | (c & 0x3F));
                length += 3;
            }
        }
        return length;
    }
}
