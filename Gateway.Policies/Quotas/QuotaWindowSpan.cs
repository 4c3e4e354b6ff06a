namespace Gateway.Policies.Quotas;

/// <summary>
/// One fixed window of a period, in UTC: [Start, End). Windows are fixed rather than sliding so that every replica
/// names the same window for the same instant and can count it in one database row; the price is that a client may
/// use up to twice a limit across a window boundary (the end of one window and the start of the next).
/// </summary>
public readonly record struct QuotaWindowSpan(DateTimeOffset Start, DateTimeOffset End)
{
    public static QuotaWindowSpan Containing(QuotaPeriod period, DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return period switch
        {
            QuotaPeriod.Minute => Span(new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero), TimeSpan.FromMinutes(1)),
            QuotaPeriod.Day => Span(new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(1)),
            QuotaPeriod.Month => MonthOf(utc),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
    }

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <summary>Time left in the window, never negative.</summary>
    public TimeSpan Remaining(DateTimeOffset now) => End > now ? End - now : TimeSpan.Zero;

    private static QuotaWindowSpan Span(DateTimeOffset start, TimeSpan length) => new(start, start + length);

    private static QuotaWindowSpan MonthOf(DateTimeOffset utc)
    {
        var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new QuotaWindowSpan(start, start.AddMonths(1));
    }
}
