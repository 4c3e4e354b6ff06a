namespace Gateway.Policies.Pricing;

/// <summary>A price that applies from <see cref="EffectiveFrom"/> until the next point of the same schedule.</summary>
public readonly record struct PricePoint(DateTimeOffset EffectiveFrom, ModelPrice Price);
