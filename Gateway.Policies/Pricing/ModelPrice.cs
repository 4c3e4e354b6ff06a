namespace Gateway.Policies.Pricing;

/// <summary>
/// US dollars per million tokens, and for the kinds billed by other units the price of those units
/// (<see cref="Units"/>; null when the model is billed by tokens only).
/// </summary>
public sealed record ModelPrice(decimal InputPerMTok, decimal OutputPerMTok, decimal CachedInputPerMTok, decimal CacheWritePerMTok)
{
    public UnitPrices? Units { get; init; }
}
