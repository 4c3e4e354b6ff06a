using System.Text.Json.Serialization;
using Gateway.Data.Prices;

namespace Gateway.Proxy.Admin.Prices;

internal sealed record PriceResponse(
    long Id,
    string ProviderId,
    string Model,
    [property: JsonPropertyName("input_per_mtok")] decimal InputPerMTok,
    [property: JsonPropertyName("output_per_mtok")] decimal OutputPerMTok,
    [property: JsonPropertyName("cached_read_per_mtok")] decimal? CachedReadPerMTok,
    [property: JsonPropertyName("cache_write_per_mtok")] decimal? CacheWritePerMTok,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset CreatedAt,
    [property: JsonPropertyName("per_image")] IReadOnlyDictionary<string, decimal>? PerImage = null,
    [property: JsonPropertyName("per_audio_second")] decimal? PerAudioSecond = null,
    [property: JsonPropertyName("per_million_speech_characters")] decimal? PerMillionSpeechCharacters = null) : ApiObject("price")
{
    public static PriceResponse From(PriceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.ProviderId, record.Model, record.InputPerMTok, record.OutputPerMTok, record.CachedReadPerMTok,
            record.CacheWritePerMTok, record.EffectiveFrom, record.CreatedAt,
            record.PerImage is null ? null : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, decimal>>(record.PerImage),
            record.PerAudioSecond, record.PerMillionSpeechCharacters);
    }
}
