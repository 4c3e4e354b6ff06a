namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>
/// The start-up warm-up (<c>Gateway:WarmUp</c>): before <c>/readyz</c> turns ready, chat requests (plain and streamed)
/// run through a private copy of the gateway to a loopback provider in the same process, until the JIT has compiled
/// the request path's code at its final tier. A new replica then serves at its warm rate from the first second instead
/// of a fifth to a third of it, for ~9–14 s more before ready on one core, 3–6 % more CPU per request later (dynamic
/// PGO profiles the warm-up's traffic) and a few MB more RSS: bench/README.md, "sixth" and "seventh round". Off by
/// default in code; the shipped config turns it on.
/// </summary>
internal sealed class WarmUpOptions
{
    public const string Section = "Gateway:WarmUp";

    public bool Enabled { get; set; }

    /// <summary>The warm-up ends at the latest after this long; readiness waits no longer.</summary>
    [Range(1, 300)]
    public double MaxSeconds { get; set; } = 20;

    /// <summary>Requests in flight at once during the warm-up.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>How long a window of requests is watched for new JIT compilations.</summary>
    [Range(50, 10_000)]
    public int SettleMilliseconds { get; set; } = 500;

    /// <summary>The warm-up is done when one window compiles at most this many methods.</summary>
    [Range(0, 100_000)]
    public int SettleMaxMethods { get; set; } = 2;
}
