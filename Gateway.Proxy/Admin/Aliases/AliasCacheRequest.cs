namespace Gateway.Proxy.Admin.Aliases;

/// <summary>
/// An alias's response cache: answers kept <c>ttl_seconds</c> (1 to 2592000, required); requests that sample
/// (<c>temperature</c> above 0 or unset) cached only with <c>cache_non_deterministic</c> (default false). Absent: not cached.
/// </summary>
internal sealed record AliasCacheRequest(int? TtlSeconds = null, bool? CacheNonDeterministic = null);
