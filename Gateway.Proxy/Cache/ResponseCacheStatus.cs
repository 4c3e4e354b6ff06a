namespace Gateway.Proxy.Cache;

/// <summary>The values of the <c>x-gateway-cache</c> response header.</summary>
internal static class ResponseCacheStatus
{
    public const string Header = "x-gateway-cache";

    /// <summary>Served from the cache; no provider was asked.</summary>
    public const string Hit = "hit";

    /// <summary>Looked up and not found: a provider answered (and a complete answer is stored).</summary>
    public const string Miss = "miss";

    /// <summary>The alias caches, but this request was not looked up (<c>cache-control</c>, or a sampled request the alias does not cache).</summary>
    public const string Bypass = "bypass";
}
