namespace Gateway.Policies.Configuration;

/// <summary>One provider model behind an alias, with optional overrides of the shipped catalog.</summary>
public sealed class TargetDocument
{
    public string? Provider { get; set; }

    public string? Model { get; set; }

    public double? Weight { get; set; }

    public int? ContextWindow { get; set; }

    public int? MaxOutputTokens { get; set; }

    public List<string>? Capabilities { get; set; }

    public PriceDocument? Price { get; set; }
}
