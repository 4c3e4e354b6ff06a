namespace Gateway.Policies.Configuration;

/// <summary>What the catalog knows about one provider model.</summary>
public sealed class ModelInfoDocument
{
    public int? ContextWindow { get; set; }

    public int? MaxOutputTokens { get; set; }

    public List<string>? Capabilities { get; set; }

    public PriceDocument? Price { get; set; }
}
