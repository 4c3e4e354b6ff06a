namespace Gateway.Policies.Pricing;

/// <summary>
/// Prices of the units that non-token kinds bill by, in US dollars. Embeddings bill by input tokens (the token price's
/// <see cref="ModelPrice.InputPerMTok"/>); these are the rest.
/// </summary>
public sealed record UnitPrices
{
    /// <summary>
    /// Per generated image, by <c>"{size}/{quality}"</c> (<c>"1024x1024/hd"</c>), <c>"{size}"</c> or <c>"default"</c>, looked
    /// up in that order (<see cref="ImagePrice"/>). Keys are compared without regard to case.
    /// </summary>
    public IReadOnlyDictionary<string, decimal>? PerImage { get; init; }

    /// <summary>Per second of audio in (transcriptions, translations).</summary>
    public decimal? PerAudioSecond { get; init; }

    /// <summary>Per million characters of text turned into speech.</summary>
    public decimal? PerMillionSpeechCharacters { get; init; }

    /// <summary>The price of one image of <paramref name="size"/> and <paramref name="quality"/>; null when none applies.</summary>
    public decimal? ImagePrice(string? size, string? quality)
    {
        if (PerImage is not { } prices)
        {
            return null;
        }
        if (size is not null && quality is not null && prices.TryGetValue($"{size}/{quality}", out var exact))
        {
            return exact;
        }
        if (size is not null && prices.TryGetValue(size, out var bySize))
        {
            return bySize;
        }
        return prices.TryGetValue("default", out var fallback) ? fallback : null;
    }
}
