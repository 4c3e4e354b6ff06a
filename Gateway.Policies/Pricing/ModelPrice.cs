namespace Gateway.Policies.Pricing;

/// <summary>US dollars per million tokens.</summary>
public sealed record ModelPrice(decimal InputPerMTok, decimal OutputPerMTok, decimal CachedInputPerMTok, decimal CacheWritePerMTok);
