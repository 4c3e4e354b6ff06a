using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Tracing;

internal static partial class TracingLog
{
    [LoggerMessage(EventId = GatewayEventIds.TracingEnabled, Level = LogLevel.Information, Message = "Tracing on: spans exported over OTLP to {Endpoint}, sampler {Sampler}")]
    public static partial void Enabled(ILogger logger, string endpoint, string sampler);
}
