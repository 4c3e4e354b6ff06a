using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>The start-up warm-up's log lines.</summary>
internal static partial class WarmUpLog
{
    [LoggerMessage(EventId = GatewayEventIds.WarmUpFinished, Level = LogLevel.Information,
        Message = "Warm-up done in {ElapsedSeconds} s: {Requests} requests ({Failed} failed), {Methods} methods compiled, settled: {Settled}")]
    public static partial void Finished(ILogger logger, double elapsedSeconds, int requests, int failed, long methods, bool settled);

    [LoggerMessage(EventId = GatewayEventIds.WarmUpFailed, Level = LogLevel.Warning,
        Message = "Warm-up failed after {ElapsedSeconds} s, readiness no longer waits for it: {Reason}")]
    public static partial void Failed(ILogger logger, double elapsedSeconds, string reason);
}
