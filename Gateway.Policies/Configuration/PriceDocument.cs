namespace Gateway.Policies.Configuration;

/// <summary>US dollars per million tokens.</summary>
public sealed class PriceDocument
{
    public decimal? InputPerMTok { get; set; }

    public decimal? OutputPerMTok { get; set; }

    public decimal? CachedInputPerMTok { get; set; }

    public decimal? CacheWritePerMTok { get; set; }
}
