namespace Gateway.Data.Prices;

public sealed record PriceRecord(
    long Id,
    string ProviderId,
    string Model,
    decimal InputPerMTok,
    decimal OutputPerMTok,
    decimal? CachedReadPerMTok,
    decimal? CacheWritePerMTok,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset CreatedAt,
    string? PerImage = null,
    decimal? PerAudioSecond = null,
    decimal? PerMillionSpeechCharacters = null);
