namespace Gateway.Proxy.Configuration;

/// <summary>The gateway's config file as a configuration source that reloads itself, but only with edits that validate.</summary>
internal sealed class GatewayConfigFileSource : IConfigurationSource
{
    public required GatewayConfigFiles Files { get; init; }

    /// <summary>Checks a candidate (the file's keys, before environment overrides are layered on); returns the errors.</summary>
    public required Func<IReadOnlyDictionary<string, string?>, IReadOnlyList<string>> Validate { get; init; }

    public required ConfigReloadStatus Status { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new GatewayConfigFileProvider(this);
}
