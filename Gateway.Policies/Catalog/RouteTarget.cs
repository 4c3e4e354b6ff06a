using Gateway.Policies.Pricing;

namespace Gateway.Policies.Catalog;

/// <summary>A provider model a request can be sent to, with what the catalog and config know about it.</summary>
public sealed class RouteTarget
{
    public required ProviderDefinition Provider { get; init; }

    /// <summary>The model name the provider knows.</summary>
    public required string Model { get; init; }

    public double Weight { get; init; } = 1;

    public int? ContextWindow { get; init; }

    public int? MaxOutputTokens { get; init; }

    /// <summary>Declared capabilities; null when neither catalog nor config says, which routing treats as "unknown, try it".</summary>
    public ModelCapabilities? Capabilities { get; init; }

    /// <summary>
    /// The request kinds the model serves (<c>"Kinds"</c> in config or the catalog); null when undeclared, which routing
    /// takes as chat only, what every model was before other kinds existed.
    /// </summary>
    public RequestKinds? Kinds { get; init; }

    /// <summary>An embeddings model's native output size; embeddings fail over only between targets of the same size.</summary>
    public int? Dimensions { get; init; }

    /// <summary>The most tokens one input may have (an embeddings model's limit per input); null when unknown.</summary>
    public int? MaxInputTokens { get; init; }

    /// <summary>How the provider's request body is rewritten after the adapter wrote it; null when it goes as written.</summary>
    public ParameterMapping? ParameterMapping { get; init; }

    /// <summary>
    /// The kinds this target serves: its declaration, else chat. A chat model also serves legacy completions (the prompt
    /// goes to it as one chat message), so <see cref="RequestKinds.Completions"/> comes with <see cref="RequestKinds.Chat"/>.
    /// </summary>
    public RequestKinds ServedKinds => (Kinds ?? RequestKinds.Chat) is var kinds && (kinds & RequestKinds.Chat) != 0 ? kinds | RequestKinds.Completions : kinds;

    /// <summary>The price in force when the catalog was built (routing compares these).</summary>
    public ModelPrice? Price { get; init; }

    /// <summary>Effective-dated prices from the database's price book; null when the target's config sets an explicit <c>Price</c>, which wins.</summary>
    public PriceSchedule? PriceSchedule { get; init; }

    /// <summary>
    /// The price to bill a request started at <paramref name="when"/>: an explicit config price, else the price book's
    /// entry in force then, else the shipped catalog's.
    /// </summary>
    public ModelPrice? PriceAt(DateTimeOffset when) => PriceSchedule?.At(when) ?? Price;

    /// <summary><c>provider/model</c>, the name clients can use to address this target directly.</summary>
    // Made once per target: every answer's decision headers and usage record name it.
    public string QualifiedName => _qualifiedName ??= $"{Provider.Id}/{Model}";

    private string? _qualifiedName;
}
