namespace Gateway.Proxy.Admin.Aliases;

internal sealed record AliasCacheResponse(int TtlSeconds, bool CacheNonDeterministic);
