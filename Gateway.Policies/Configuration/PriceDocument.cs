namespace Gateway.Policies.Configuration;

/// <summary>US dollars per million tokens, and per unit for the kinds billed by other units.</summary>
public sealed class PriceDocument
{
    public decimal? InputPerMTok { get; set; }

    public decimal? OutputPerMTok { get; set; }

    public decimal? CachedInputPerMTok { get; set; }

    public decimal? CacheWritePerMTok { get; set; }

    /// <summary>Per generated image, keyed <c>"{size}/{quality}"</c>, <c>"{size}"</c> or <c>"default"</c>.</summary>
    public Dictionary<string, decimal>? PerImage { get; set; }

    /// <summary>Per second of audio in.</summary>
    public decimal? PerAudioSecond { get; set; }

    /// <summary>Per million characters turned into speech.</summary>
    public decimal? PerMillionSpeechCharacters { get; set; }
}
