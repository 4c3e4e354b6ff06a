namespace Gateway.Proxy.Admin.Quotas;

/// <summary>
/// Body of creating a quota: a limit on <c>metric</c> (requests, tokens, cost in US dollars) per <c>window</c>
/// (minute, day, month) for one subject (<c>subject_kind</c> key, environment, team or org, and its id).
/// </summary>
internal sealed record QuotaRequest(
    [property: Required] string? SubjectKind = null,
    [property: Required] Guid? SubjectId = null,
    [property: Required] string? Metric = null,
    [property: Required] string? Window = null,
    [property: Required] decimal? Limit = null);
