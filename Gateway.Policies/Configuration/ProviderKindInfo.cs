namespace Gateway.Policies.Configuration;

/// <summary>A provider kind the gateway has an adapter for, with its documented API root when it has a fixed one.</summary>
public sealed record ProviderKindInfo(string Kind, string? DefaultBaseUrl);
