namespace Gateway.Policies.Configuration;

/// <summary>The shipped catalog (<c>config/catalog.json</c>): known models keyed by <c>provider/model</c>.</summary>
public sealed class ModelCatalogDocument
{
    public Dictionary<string, ModelInfoDocument> Models { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}
