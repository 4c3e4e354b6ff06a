namespace Gateway.Policies.Quotas;

/// <summary>A limit's fixed window, aligned to UTC: the minute, the day, the calendar month.</summary>
public enum QuotaPeriod
{
    Minute,
    Day,
    Month,
}
