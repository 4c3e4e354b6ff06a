using System.Text.Json.Serialization;

namespace Gateway.Proxy.Admin.Prices;

/// <summary>
/// Body of adding a price, in US dollars per million tokens, in force from <c>effective_from</c> (default: now)
/// until the next price of the same provider model. Prices are added, never edited, so past costs stay reproducible.
/// </summary>
internal sealed record PriceRequest(
    string? ProviderId,
    string? Model,
    [property: JsonPropertyName("input_per_mtok")] decimal? InputPerMTok,
    [property: JsonPropertyName("output_per_mtok")] decimal? OutputPerMTok,
    [property: JsonPropertyName("cached_read_per_mtok")] decimal? CachedReadPerMTok,
    [property: JsonPropertyName("cache_write_per_mtok")] decimal? CacheWritePerMTok,
    DateTimeOffset? EffectiveFrom);
