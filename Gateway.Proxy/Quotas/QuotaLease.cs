namespace Gateway.Proxy.Quotas;

/// <summary>A lease's answer: how much of the asked amount was granted, and the window's total at the source afterwards.</summary>
internal readonly record struct QuotaLease(decimal Granted, decimal Used);
