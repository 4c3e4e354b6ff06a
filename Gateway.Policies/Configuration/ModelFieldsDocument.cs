namespace Gateway.Policies.Configuration;

/// <summary>
/// What can be declared about one provider model: in a catalog entry (<see cref="ModelInfoDocument"/>) or on an alias
/// target (<see cref="TargetDocument"/>), where it overrides the catalog.
/// </summary>
public abstract class ModelFieldsDocument
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

    /// <summary>
    /// How the provider's request body for this model differs from what the adapter writes (rename, drop, default, clamp
    /// per field; see <see cref="ParameterRuleDocument"/>).
    /// </summary>
    public Dictionary<string, ParameterRuleDocument>? ParameterMapping { get; set; }
}
