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

    public ModelPrice? Price { get; init; }

    /// <summary><c>provider/model</c>, the name clients can use to address this target directly.</summary>
    public string QualifiedName => $"{Provider.Id}/{Model}";
}
