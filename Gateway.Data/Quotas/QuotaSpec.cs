using Gateway.Policies.Quotas;

namespace Gateway.Data.Quotas;

/// <summary>A limit on one metric per window for one subject; a subject has at most one quota per metric and window.</summary>
public sealed record QuotaSpec(QuotaSubjectKind SubjectKind, Guid SubjectId, QuotaMeasure Metric, QuotaPeriod Window, decimal Limit);
