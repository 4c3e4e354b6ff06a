using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Hosting;

/// <summary>The graceful shutdown's log lines, one per step.</summary>
internal static partial class ShutdownLog
{
    [LoggerMessage(EventId = GatewayEventIds.ShutdownBegun, Level = LogLevel.Information,
        Message = "Shutting down: /readyz answers 503; still accepting for {PreStopDelaySeconds} s (Gateway:Shutdown:PreStopDelaySeconds) so load balancers stop sending")]
    public static partial void Begun(ILogger logger, double preStopDelaySeconds);

    [LoggerMessage(EventId = GatewayEventIds.ShutdownDraining, Level = LogLevel.Information,
        Message = "No longer accepting: requests in flight have {DrainSeconds} s to finish (Gateway:Shutdown:DrainSeconds)")]
    public static partial void Draining(ILogger logger, double drainSeconds);

    [LoggerMessage(EventId = GatewayEventIds.ShutdownDrained, Level = LogLevel.Information,
        Message = "Drained in {ElapsedSeconds} s; {StreamsEnded} streams were ended at the drain deadline")]
    public static partial void Drained(ILogger logger, double elapsedSeconds, int streamsEnded);

    [LoggerMessage(EventId = GatewayEventIds.ShutdownDrainFailed, Level = LogLevel.Error, Message = "Stopping the server failed: {Reason}")]
    public static partial void DrainFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = GatewayEventIds.ShutdownStreamEnded, Level = LogLevel.Warning,
        Message = "Stream of response {ResponseId} from provider {Provider} ended at the drain deadline")]
    public static partial void StreamEnded(ILogger logger, string responseId, string provider);
}
