namespace Gateway.Policies.Pricing;

/// <summary>
/// What a request billed by a unit other than prompt and completion tokens cost, in US dollars, rounded as
/// <see cref="CostCalculator"/> rounds. Token-billed kinds go through <see cref="CostCalculator.Compute"/>.
/// </summary>
public static class UnitCostCalculator
{
    private const decimal PerMillion = 1_000_000m;

    /// <param name="price">The target's price.</param>
    /// <param name="unit">What the kind bills by.</param>
    /// <param name="quantity">How many units (tokens, images, seconds, characters).</param>
    /// <param name="imageSize">For images: the size asked for (<c>1024x1024</c>).</param>
    /// <param name="imageQuality">For images: the quality asked for (<c>hd</c>).</param>
    /// <returns>The cost; 0 when the price has no entry for the unit (the row still records the quantity).</returns>
    public static decimal Compute(ModelPrice price, UsageUnit unit, decimal quantity, string? imageSize = null, string? imageQuality = null)
    {
        ArgumentNullException.ThrowIfNull(price);
        var units = Math.Max(0m, quantity);
        var cost = unit switch
        {
            UsageUnit.InputTokens => units * price.InputPerMTok / PerMillion,
            UsageUnit.Images => units * (price.Units?.ImagePrice(imageSize, imageQuality) ?? 0m),
            UsageUnit.AudioSeconds => units * (price.Units?.PerAudioSecond ?? 0m),
            UsageUnit.Characters => units * (price.Units?.PerMillionSpeechCharacters ?? 0m) / PerMillion,
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Tokens are priced by CostCalculator.Compute."),
        };
        return decimal.Round(cost, CostCalculator.Scale, MidpointRounding.AwayFromZero);
    }
}
