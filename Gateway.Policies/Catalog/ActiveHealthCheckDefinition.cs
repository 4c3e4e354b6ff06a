namespace Gateway.Policies.Catalog;

/// <summary>Active probing of a provider's destinations.</summary>
public sealed record ActiveHealthCheckDefinition(string Path, TimeSpan Interval, TimeSpan Timeout, int FailureThreshold);
