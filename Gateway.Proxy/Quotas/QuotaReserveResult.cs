using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Quotas;

/// <summary>A counter's answer to one reservation.</summary>
internal readonly record struct QuotaReserveResult(QuotaReserveOutcome Outcome, QuotaWindowSpan Window, TimeSpan RetryAfter, Task? Pending)
{
    public static QuotaReserveResult Granted(QuotaWindowSpan window) => new(QuotaReserveOutcome.Granted, window, TimeSpan.Zero, null);

    public static QuotaReserveResult Denied(QuotaWindowSpan window, TimeSpan retryAfter) => new(QuotaReserveOutcome.Denied, window, retryAfter, null);

    public static QuotaReserveResult Unavailable(QuotaWindowSpan window, TimeSpan retryAfter) => new(QuotaReserveOutcome.Unavailable, window, retryAfter, null);

    public static QuotaReserveResult Wait(QuotaWindowSpan window, Task pending) => new(QuotaReserveOutcome.Wait, window, TimeSpan.Zero, pending);
}
