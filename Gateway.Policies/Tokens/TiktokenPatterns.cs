using System.Text.RegularExpressions;

namespace Gateway.Policies.Tokens;

/// <summary>
/// The split patterns of OpenAI's tiktoken encodings (tiktoken_ext/openai_public.py) in .NET's dialect: possessive
/// quantifiers become atomic groups. .NET matches UTF-16 code units, so a letter outside the BMP is two surrogates
/// and falls in the "other" class; Microsoft.ML.Tokenizers matches the same way, and it is the reference.
/// </summary>
internal static partial class TiktokenPatterns
{
    // o200k_base: letter runs in case classes (so "HTTPServer" splits at the case change), with English
    // contractions attached; digits in threes; punctuation runs with their trailing newlines or slashes; whitespace.
    private const string O200kBasePattern =
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
        + @"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"
        + @"|\p{N}{1,3}"
        + @"| ?[^\s\p{L}\p{N}]+[\r\n/]*"
        + @"|\s*[\r\n]+"
        + @"|\s+(?!\S)"
        + @"|\s+";

    // cl100k_base (tiktoken's current form, with possessive quantifiers): contractions; an optional non-letter and
    // a letter run; digits in threes; punctuation runs with trailing newlines; whitespace at the end; whitespace.
    private const string Cl100kBasePattern =
        @"'(?i:[sdmt]|ll|ve|re)"
        + @"|(?>[^\r\n\p{L}\p{N}]?)(?>\p{L}+)"
        + @"|(?>\p{N}{1,3})"
        + @"| ?(?>[^\s\p{L}\p{N}]+)(?>[\r\n]*)"
        + @"|(?>\s+)$"
        + @"|\s*[\r\n]"
        + @"|\s+(?!\S)"
        + @"|\s";

    [GeneratedRegex(O200kBasePattern, RegexOptions.None)]
    public static partial Regex O200kBase();

    [GeneratedRegex(Cl100kBasePattern, RegexOptions.None)]
    public static partial Regex Cl100kBase();
}
