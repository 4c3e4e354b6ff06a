using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Quotas;

/// <summary>What one request reserved from one counter, to be settled when its real usage is known.</summary>
internal readonly record struct QuotaHold(QuotaCounter Counter, QuotaLimit Limit, decimal Reserved, QuotaWindowSpan Window);
