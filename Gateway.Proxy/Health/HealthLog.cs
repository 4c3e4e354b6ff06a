using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Health;

/// <summary>The health model's log lines (a destination's ejection itself is <c>GatewayLog.DestinationTakenOut</c>).</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = GatewayEventIds.DestinationReinstated, Level = LogLevel.Information,
        Message = "Provider {Provider} destination {Destination} back in service early: a request it served succeeded")]
    public static partial void DestinationReinstated(ILogger logger, string provider, string destination);

    [LoggerMessage(EventId = GatewayEventIds.ModelCoolingDown, Level = LogLevel.Information,
        Message = "Provider {Provider} rate limits model {Model}: that pair cools down for {Seconds}s (Retry-After given: {RetryAfterGiven})")]
    public static partial void ModelCoolingDown(ILogger logger, string provider, string model, double seconds, bool retryAfterGiven);

    [LoggerMessage(EventId = GatewayEventIds.ProviderCredentialOut, Level = LogLevel.Warning,
        Message = "Provider {Provider} rejected the gateway's credential {Rejections} times in a row: out for {Seconds}s, or until its credential changes")]
    public static partial void ProviderCredentialOut(ILogger logger, string provider, int rejections, double seconds);

    [LoggerMessage(EventId = GatewayEventIds.PanicAttempt, Level = LogLevel.Warning,
        Message = "Every candidate is out of service; trying provider {Provider} (model {Model}), the soonest back, although {Reason}")]
    public static partial void PanicAttempt(ILogger logger, string provider, string model, string reason);
}
