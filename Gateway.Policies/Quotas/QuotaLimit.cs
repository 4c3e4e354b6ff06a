using System.Globalization;

namespace Gateway.Policies.Quotas;

/// <summary>
/// One limit: at most <see cref="Limit"/> of <see cref="Measure"/> per <see cref="Period"/> for <see cref="Subject"/>.
/// A subject has at most one limit per measure and period; where two sources give one (a key binding's rpm and a
/// quota row), the lower wins.
/// </summary>
public sealed record QuotaLimit(QuotaSubject Subject, QuotaMeasure Measure, QuotaPeriod Period, decimal Limit)
{
    /// <summary>Names the counter this limit is counted in, on every replica alike; the limit value is not part of it,
    /// so a changed limit keeps counting what was already used in the window.</summary>
    public string CounterKey { get; } = string.Create(CultureInfo.InvariantCulture, $"{Subject.Kind}:{Subject.Id}:{Measure}:{Period}");

    /// <summary>Same subject, measure and period: the same counter.</summary>
    public bool SameCounter(QuotaLimit other) =>
        other is not null && Subject == other.Subject && Measure == other.Measure && Period == other.Period;
}
