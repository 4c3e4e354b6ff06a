namespace Gateway.Data.Usage;

/// <summary>Whether usage totals cover the whole range or are split into UTC hours or days.</summary>
public enum UsageGranularity
{
    Total,
    Hour,
    Day,
}
