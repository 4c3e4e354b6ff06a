using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Quotas;

/// <summary>Where a limit stands for the rate-limit headers: what is left in the window (as this replica sees it) and when it resets.</summary>
internal readonly record struct QuotaStanding(QuotaLimit Limit, decimal Remaining, TimeSpan Reset);
