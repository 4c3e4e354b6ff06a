namespace Gateway.Policies.Configuration;

/// <summary>One price book entry: a price and the time it takes effect.</summary>
public sealed class ScheduledPriceDocument
{
    public DateTimeOffset EffectiveFrom { get; set; }

    public PriceDocument Price { get; set; } = new();
}
