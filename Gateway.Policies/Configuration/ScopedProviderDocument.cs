namespace Gateway.Policies.Configuration;

/// <summary>
/// A provider row from the database. <paramref name="RestrictedEgress"/>: a tenant admin chose its base URL, so the
/// gateway connects only to public addresses for it.
/// </summary>
public sealed record ScopedProviderDocument(string Id, Scope Scope, ProviderDocument Provider, bool RestrictedEgress = false);
