namespace Gateway.Data.Records;

public sealed record QuotaRecord(
    Guid Id,
    QuotaSubjectKind SubjectKind,
    Guid SubjectId,
    QuotaMetric Metric,
    QuotaWindow Window,
    decimal Limit,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
