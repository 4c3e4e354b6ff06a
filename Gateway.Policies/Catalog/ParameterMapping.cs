namespace Gateway.Policies.Catalog;

/// <summary>
/// How one provider model's request body differs from what its adapter writes (<c>ParameterMapping</c> on a config target,
/// <c>parameter_mapping</c> on a database provider model). It is applied to the provider's body after the adapter wrote
/// it, so its names are the provider's (<c>max_tokens</c> for Anthropic, <c>generationConfig.maxOutputTokens</c> for Gemini).
/// </summary>
public sealed class ParameterMapping
{
    private readonly HashSet<string> _objects;

    public ParameterMapping(IReadOnlyList<ParameterRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
        _objects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            for (var parent = rule.Parent; parent.Length > 0; parent = parent.LastIndexOf('.') is var dot and >= 0 ? parent[..dot] : string.Empty)
            {
                _objects.Add(parent);
            }
        }
    }

    public IReadOnlyList<ParameterRule> Rules { get; }

    /// <summary>Whether some rule reaches into the object at <paramref name="path"/> (so it must be rewritten, not copied).</summary>
    public bool Reaches(string path) => _objects.Contains(path);
}
