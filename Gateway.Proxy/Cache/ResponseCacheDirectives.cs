using Microsoft.Extensions.Primitives;

namespace Gateway.Proxy.Cache;

/// <summary>
/// What a request says about the cache in its headers: <c>Cache-Control: no-cache</c> (do not serve from the cache,
/// still store the answer), <c>no-store</c> (neither), and a time to live in seconds in <c>x-gateway-cache-ttl</c> (or
/// OpenRouter's <c>X-OpenRouter-Cache-TTL</c>), which may shorten the alias's and never lengthen it.
/// </summary>
internal readonly record struct ResponseCacheDirectives(bool Lookup, bool Store, int? TtlSeconds)
{
    public const string TtlHeader = "x-gateway-cache-ttl";

    public const string OpenRouterTtlHeader = "x-openrouter-cache-ttl";

    /// <summary>The directives, or a 400 naming the header when its TTL is not a whole number of seconds of at least 1.</summary>
    public static (ResponseCacheDirectives Directives, GatewayError? Error) Read(IHeaderDictionary headers)
    {
        var lookup = true;
        var store = true;
        foreach (var value in headers.CacheControl)
        {
            if (value is null)
            {
                continue;
            }
            foreach (var segment in new StringTokenizer(value, [',']))
            {
                var directive = segment.Trim();
                if (directive.Equals("no-store", StringComparison.OrdinalIgnoreCase))
                {
                    lookup = false;
                    store = false;
                }
                else if (directive.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
                {
                    lookup = false;
                }
            }
        }
        int? ttl = null;
        foreach (var name in (ReadOnlySpan<string>)[TtlHeader, OpenRouterTtlHeader])
        {
            if (!headers.TryGetValue(name, out var values) || values.Count == 0)
            {
                continue;
            }
            if (values.Count > 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
            {
                return (default, new GatewayError(400, GatewayErrorTypes.InvalidRequest,
                    $"The {name} header must be a whole number of seconds of at least 1.", "invalid_cache_ttl", name));
            }
            ttl = ttl is { } earlier ? Math.Min(earlier, seconds) : seconds;
        }
        return (new ResponseCacheDirectives(lookup, store, ttl), null);
    }
}
