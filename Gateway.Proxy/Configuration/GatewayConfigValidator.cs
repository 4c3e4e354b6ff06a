using Gateway.Policies.Configuration;

namespace Gateway.Proxy.Configuration;

/// <summary>
/// Decides whether a config is acceptable: the catalog builds (<see cref="CatalogLoader"/>) and every options section
/// the gateway registers validates (<see cref="OptionsSectionCheck"/>). Start-up, every reload and
/// <c>--check-config</c> ask this one validator, so an edit a running process accepts is one a new process starts on.
/// </summary>
internal sealed class GatewayConfigValidator(CatalogLoader loader, Action<IServiceCollection, IConfiguration> registerServices)
{
    /// <summary>The configuration a candidate file stands for: its keys with the environment's overrides on top, as at start-up.</summary>
    public static IConfiguration Candidate(IEnumerable<KeyValuePair<string, string?>> fileData) =>
        new ConfigurationBuilder().AddInMemoryCollection(fileData).AddEnvironmentVariables().Build();

    public CatalogBuildResult Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var catalog = loader.Load(configuration);
        var errors = new List<string>(catalog.Errors);
        foreach (var error in OptionsSectionCheck.Validate(configuration, registerServices))
        {
            // The catalog loader checks a few sections itself; one report per section is enough.
            if (!errors.Exists(existing => string.Equals(PathOf(existing), PathOf(error), StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(error);
            }
        }
        return errors.Count == catalog.Errors.Count ? catalog : new CatalogBuildResult(null, errors, catalog.Warnings);
    }

    /// <summary>The configuration path an error names: the text before its first <c>": "</c>.</summary>
    private static string PathOf(string error) =>
        error.IndexOf(": ", StringComparison.Ordinal) is var end and > 0 ? error[..end] : error;
}
