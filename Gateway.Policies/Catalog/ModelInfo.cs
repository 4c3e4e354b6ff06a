using Gateway.Policies.Pricing;

namespace Gateway.Policies.Catalog;

/// <summary>What the shipped catalog (and the database) know about a provider model.</summary>
public sealed record ModelInfo(int? ContextWindow, int? MaxOutputTokens, ModelCapabilities? Capabilities, ModelPrice? Price)
{
    /// <summary>
    /// The database price book's effective-dated prices (with the shipped price, if any, as the base before them);
    /// null when the database has none. <see cref="Price"/> is the one in force when the catalog was built.
    /// </summary>
    public PriceSchedule? PriceSchedule { get; init; }

    /// <summary>The request kinds the model serves; null when undeclared (chat).</summary>
    public RequestKinds? Kinds { get; init; }

    /// <summary>An embeddings model's native output size.</summary>
    public int? Dimensions { get; init; }

    /// <summary>The most tokens one input may have.</summary>
    public int? MaxInputTokens { get; init; }

    /// <summary>How the provider's request body for this model is rewritten; null when it is sent as the adapter wrote it.</summary>
    public ParameterMapping? ParameterMapping { get; init; }
}
