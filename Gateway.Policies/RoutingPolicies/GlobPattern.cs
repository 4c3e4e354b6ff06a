namespace Gateway.Policies.RoutingPolicies;

/// <summary>A model-name pattern with <c>*</c> (any run of characters) and <c>?</c> (one character), matched without regard to case.</summary>
public sealed class GlobPattern
{
    public GlobPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
    }

    public string Pattern { get; }

    /// <summary>Iterative matching with one backtrack point: linear for the patterns people write, no allocation.</summary>
    public bool Matches(ReadOnlySpan<char> text)
    {
        var pattern = Pattern.AsSpan();
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    public override string ToString() => Pattern;
}
