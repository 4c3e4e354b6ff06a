namespace Gateway.Data.Catalog;

/// <summary>
/// What changed since the last callback. <see cref="ReloadAll"/> is set after every (re)connect of the
/// listener, when notifications may have been missed; <see cref="Tables"/> names the changed tables and
/// <see cref="RevokedKeyHashes"/> the lower-case hex SHA-256 hashes of keys to drop from caches: revoked or deleted
/// ones, and ones whose bindings or environment changed (the next use reads them afresh).
/// </summary>
public sealed record CatalogChange(bool ReloadAll, IReadOnlySet<string> Tables, IReadOnlyList<string> RevokedKeyHashes);
