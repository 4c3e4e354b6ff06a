using Gateway.Policies.Quotas;

namespace Gateway.Data.Quotas;

/// <summary>A <c>quotas</c> row; <paramref name="Metric"/> and <paramref name="Window"/> keep the columns' (and the admin API's) names for the limit's measure and period.</summary>
public sealed record QuotaRecord(
    Guid Id,
    QuotaSubjectKind SubjectKind,
    Guid SubjectId,
    QuotaMeasure Metric,
    QuotaPeriod Window,
    decimal Limit,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
