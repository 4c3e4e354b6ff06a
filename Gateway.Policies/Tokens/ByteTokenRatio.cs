namespace Gateway.Policies.Tokens;

/// <summary>
/// Bytes per token for models whose tokenizer is not at hand (Claude, Gemini, Llama, Mistral, ...), calibrated
/// against o200k_base on English prose, C# and Python code, and Chinese and Japanese text (the samples and the
/// check are in Gateway.Tests/Policies/TokenEstimatorTests and bench/README.md). ASCII and non-ASCII bytes are
/// counted separately: one ratio for both is off by a factor of two or more on CJK text, where a character is
/// three UTF-8 bytes and roughly one token.
/// </summary>
public static class ByteTokenRatio
{
    /// <summary>ASCII bytes per token: English prose measured 4.6 to 5.1, code 3.3 to 3.9; 4.0 sits between.</summary>
    public const double Ascii = 4.0;

    /// <summary>Non-ASCII UTF-8 bytes per token: Chinese and Japanese measured 3.4 to 4.2 (a character is 3 bytes and 0.7 to 0.9 tokens).</summary>
    public const double NonAscii = 3.6;

    /// <summary>Tokens for this much text, rounded up; 0 only for no text.</summary>
    public static int Estimate(int asciiBytes, int nonAsciiBytes)
    {
        if (asciiBytes <= 0 && nonAsciiBytes <= 0)
        {
            return 0;
        }
        return (int)Math.Ceiling((asciiBytes / Ascii) + (nonAsciiBytes / NonAscii));
    }

    /// <summary>Estimates a run of UTF-8 bytes (JSON string escapes included: close enough, and no decoding needed).</summary>
    public static int Estimate(ReadOnlySpan<byte> utf8)
    {
        var ascii = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] < 0x80)
            {
                ascii++;
            }
        }
        return Estimate(ascii, utf8.Length - ascii);
    }
}
