namespace Gateway.Proxy.Configuration;

/// <summary>Where the config files are: <c>--config FILE</c>, else <c>GATEWAY_CONFIG</c>, else <c>config/gateway.json</c>.</summary>
internal sealed record GatewayConfigFiles(string ConfigPath)
{
    public const string EnvironmentVariable = "GATEWAY_CONFIG";
    public const string DefaultPath = "config/gateway.json";
    public const string DefaultCatalogFileName = "catalog.json";

    public string Directory => Path.GetDirectoryName(ConfigPath) ?? ".";

    public static GatewayConfigFiles Resolve(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? path = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length)
            {
                path = args[i + 1];
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                path = args[i]["--config=".Length..];
            }
        }
        path ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        path ??= DefaultPath;
        return new GatewayConfigFiles(Path.GetFullPath(path));
    }

    /// <summary>The shipped catalog: <c>Gateway:CatalogFile</c> (relative to the config file), else catalog.json beside it.</summary>
    public string CatalogPath(string? configured)
    {
        var name = string.IsNullOrWhiteSpace(configured) ? DefaultCatalogFileName : configured;
        return Path.GetFullPath(Path.Combine(Directory, name));
    }

    /// <summary>Removes <c>--config FILE</c> so the host's command-line configuration does not see it as a key.</summary>
    public static string[] StripConfigArgument(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var kept = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config")
            {
                i++;
                continue;
            }
            if (!args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                kept.Add(args[i]);
            }
        }
        return [.. kept];
    }
}
