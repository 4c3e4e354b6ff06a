using Gateway.Policies.Quotas;

namespace Gateway.Data.Quotas;

/// <summary>One window of one limit's counter: the row <c>gateway_quota_lease</c> leases from.</summary>
public sealed record QuotaCounterKey(
    QuotaSubjectKind SubjectKind,
    string SubjectId,
    QuotaMeasure Metric,
    QuotaPeriod Window,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd);
