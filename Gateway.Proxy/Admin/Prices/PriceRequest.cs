using System.Text.Json.Serialization;

namespace Gateway.Proxy.Admin.Prices;

/// <summary>
/// Body of adding a price, in US dollars per million tokens (and per image by <c>"{size}/{quality}"</c>, <c>"{size}"</c>
/// or <c>"default"</c>, per second of audio in, per million characters of speech), in force from <c>effective_from</c> (default: now)
/// until the next price of the same provider model. Prices are added, never edited, so past costs stay reproducible.
/// </summary>
internal sealed record PriceRequest(
    [property: Required] string? ProviderId = null,
    [property: Required] string? Model = null,
    [property: Required] [property: JsonPropertyName("input_per_mtok")] decimal? InputPerMTok = null,
    [property: Required] [property: JsonPropertyName("output_per_mtok")] decimal? OutputPerMTok = null,
    [property: JsonPropertyName("cached_read_per_mtok")] decimal? CachedReadPerMTok = null,
    [property: JsonPropertyName("cache_write_per_mtok")] decimal? CacheWritePerMTok = null,
    DateTimeOffset? EffectiveFrom = null,
    [property: JsonPropertyName("per_image")] Dictionary<string, decimal>? PerImage = null,
    [property: JsonPropertyName("per_audio_second")] decimal? PerAudioSecond = null,
    [property: JsonPropertyName("per_million_speech_characters")] decimal? PerMillionSpeechCharacters = null);
