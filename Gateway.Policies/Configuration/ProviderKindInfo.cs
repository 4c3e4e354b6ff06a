namespace Gateway.Policies.Configuration;

/// <summary>
/// A provider kind the gateway has an adapter for, with its documented API root when it has a fixed one and the check of
/// its settings the adapter declares (<see cref="CheckSettings"/>: null accepts any, for kinds built in tests).
/// </summary>
public sealed record ProviderKindInfo(string Kind, string? DefaultBaseUrl)
{
    /// <summary>
    /// Checks a provider's settings when the config or a database row is loaded: every problem names its setting. It may
    /// rename a former spelling in place (reported as a warning).
    /// </summary>
    public Func<IDictionary<string, string>, IReadOnlyList<ProviderSettingProblem>>? CheckSettings { get; init; }
}
