namespace Gateway.Proxy.Admin.Quotas;

/// <summary>
/// Body of creating a quota: a limit on <c>metric</c> (requests, tokens, cost in US dollars) per <c>window</c>
/// (minute, day, month) for one subject (<c>subject_kind</c> key, environment, team or org, and its id).
/// </summary>
internal sealed record QuotaRequest(string? SubjectKind, Guid? SubjectId, string? Metric, string? Window, decimal? Limit);
