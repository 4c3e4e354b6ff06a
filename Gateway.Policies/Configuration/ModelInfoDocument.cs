namespace Gateway.Policies.Configuration;

/// <summary>What the catalog knows about one provider model.</summary>
public sealed class ModelInfoDocument
{
    public int? ContextWindow { get; set; }

    public int? MaxOutputTokens { get; set; }

    public List<string>? Capabilities { get; set; }

    public PriceDocument? Price { get; set; }

    /// <summary>The request kinds the model serves (<c>chat</c>, <c>embeddings</c>, …); absent means chat.</summary>
    public List<string>? Kinds { get; set; }

    /// <summary>An embeddings model's native output size.</summary>
    public int? Dimensions { get; set; }

    /// <summary>The most tokens one input may have (checked before sending).</summary>
    public int? MaxInputTokens { get; set; }
}
