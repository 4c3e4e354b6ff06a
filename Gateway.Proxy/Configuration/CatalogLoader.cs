using Gateway.Policies.Configuration;
using Gateway.Proxy.Forwarding;

namespace Gateway.Proxy.Configuration;

/// <summary>Reads the <c>Gateway</c> section and the catalog file, and builds (or rejects) a catalog. Used both to
/// validate an edit before it is accepted (with the options sections, by <see cref="GatewayConfigValidator"/>) and to
/// build the catalog that is published.</summary>
internal sealed class CatalogLoader
{
    private static readonly JsonSerializerOptions CatalogJson = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly GatewayConfigFiles _files;
    private readonly CatalogBuilder _builder;

    public CatalogLoader(GatewayConfigFiles files, ProviderAdapterRegistry adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        _files = files;
        _builder = new CatalogBuilder(adapters.Kinds, Environment.GetEnvironmentVariable);
    }

    /// <summary>Builds the catalog from configuration, merged with the database's part when there is one.</summary>
    public CatalogBuildResult Load(IConfiguration configuration, DatabaseCatalogDocument? database = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        GatewayConfigDocument document;
        try
        {
            document = configuration.GetSection("Gateway").Get<GatewayConfigDocument>() ?? new GatewayConfigDocument();
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"Gateway: {ex.Message}");
            return new CatalogBuildResult(null, errors, []);
        }

        var catalogPath = _files.CatalogPath(configuration["Gateway:CatalogFile"]);
        var knownModels = ReadCatalogFile(catalogPath, errors);
        var result = _builder.Build(document, knownModels, database);
        if (errors.Count == 0)
        {
            return result;
        }
        errors.AddRange(result.Errors);
        return new CatalogBuildResult(null, errors, result.Warnings);
    }

    private static ModelCatalogDocument? ReadCatalogFile(string path, List<string> errors)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ModelCatalogDocument>(File.ReadAllBytes(path), CatalogJson);
        }
        catch (JsonException ex)
        {
            errors.Add($"{path}: not a valid catalog: {ex.Message}");
        }
        catch (IOException ex)
        {
            errors.Add($"{path}: cannot be read: {ex.Message}");
        }
        return null;
    }
}
