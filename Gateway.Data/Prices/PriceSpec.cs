namespace Gateway.Data.Prices;

/// <summary>
/// A price for one provider model, in US dollars per million tokens, valid from <paramref name="EffectiveFrom"/>
/// until the next price of the same model. Null cache prices mean the provider has no such price; the unit prices are
/// for the kinds billed by images, audio seconds or characters.
/// </summary>
public sealed record PriceSpec(
    string ProviderId,
    string Model,
    decimal InputPerMTok,
    decimal OutputPerMTok,
    DateTimeOffset EffectiveFrom,
    decimal? CachedReadPerMTok = null,
    decimal? CacheWritePerMTok = null)
{
    /// <summary>Per image by <c>"{size}/{quality}"</c>, <c>"{size}"</c> or <c>"default"</c>, as a JSON object; null for none.</summary>
    public string? PerImage { get; init; }

    /// <summary>Per second of audio in.</summary>
    public decimal? PerAudioSecond { get; init; }

    /// <summary>Per million characters turned into speech.</summary>
    public decimal? PerMillionSpeechCharacters { get; init; }
}
