namespace Gateway.Data.Records;

/// <summary>
/// A price for one provider model, in US dollars per million tokens, valid from <paramref name="EffectiveFrom"/>
/// until the next price of the same model. Null cache prices mean the provider has no such price.
/// </summary>
public sealed record PriceSpec(
    string ProviderId,
    string Model,
    decimal InputPerMTok,
    decimal OutputPerMTok,
    DateTimeOffset EffectiveFrom,
    decimal? CachedReadPerMTok = null,
    decimal? CacheWritePerMTok = null);
