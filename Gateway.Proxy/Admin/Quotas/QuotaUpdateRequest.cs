namespace Gateway.Proxy.Admin.Quotas;

/// <summary>Body of changing a quota's limit; its subject, metric and window are its identity and do not change.</summary>
internal sealed record QuotaUpdateRequest([property: Required] decimal? Limit = null);
