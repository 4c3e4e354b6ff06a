using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Egress;

internal static partial class ProviderEgressLog
{
    [LoggerMessage(EventId = GatewayEventIds.ProviderEgressRefused, Level = LogLevel.Warning,
        Message = "Refused to connect to {Host} for {ClusterId}: {Reason} (a tenant's provider reaches only public addresses or those in Gateway:ProviderEgress)")]
    public static partial void Refused(ILogger logger, string clusterId, string host, string reason);
}
