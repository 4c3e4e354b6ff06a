namespace Gateway.Policies.Tokens;

/// <summary>
/// Bytes per token for models whose tokenizer is not at hand (Claude, Gemini, Llama, Mistral, ...), calibrated
/// against o200k_base and cl100k_base on ~1 KB samples of English prose, C# and Python code, and Chinese and
/// Japanese text (Gateway.Tests/Fixtures/Tokens; the check is TokenEstimatorTests). Measured, bytes per token:
/// <list type="table">
/// <item><term>English prose</term><description>o200k 5.22, cl100k 5.18</description></item>
/// <item><term>C# code</term><description>o200k 4.09, cl100k 4.25</description></item>
/// <item><term>Python code</term><description>o200k 4.01, cl100k 4.03</description></item>
/// <item><term>Chinese</term><description>o200k 4.04, cl100k 3.08</description></item>
/// <item><term>Japanese</term><description>o200k 4.16, cl100k 3.01</description></item>
/// </list>
/// ASCII and non-ASCII bytes are counted separately so that each kind of text gets its own ratio; the chosen
/// ratios sit between prose and code, and between the two vocabularies for CJK, so the estimate is within about
/// 20% of either tokenizer on every sample (other vendors' tokenizers differ from both by as much anyway).
/// </summary>
internal static class ByteTokenRatio
{
    /// <summary>ASCII bytes per token: prose measured 5.2, code 4.0 to 4.25; chat prompts are mostly prose with some code.</summary>
    public const double Ascii = 4.5;

    /// <summary>Non-ASCII UTF-8 bytes per token: CJK measured 4.0 to 4.2 (o200k) and 3.0 to 3.1 (cl100k); a CJK character is 3 bytes.</summary>
    public const double NonAscii = 3.5;

    /// <summary>
    /// Tokens for this much text, rounded to the nearest (a request has many short fields — roles, names — and
    /// rounding each up would add up to a bias); at least 1 for any text, 0 only for none.
    /// </summary>
    public static int Estimate(int asciiBytes, int nonAsciiBytes)
    {
        if (asciiBytes <= 0 && nonAsciiBytes <= 0)
        {
            return 0;
        }
        return Math.Max(1, (int)Math.Round((asciiBytes / Ascii) + (nonAsciiBytes / NonAscii), MidpointRounding.AwayFromZero));
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
