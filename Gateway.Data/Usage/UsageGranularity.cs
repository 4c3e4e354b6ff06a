namespace Gateway.Data.Usage;

/// <summary>Whether usage totals cover the whole range or are split into UTC hours, days or calendar months.</summary>
public enum UsageGranularity
{
    Total,
    Hour,
    Day,
    Month,
}
