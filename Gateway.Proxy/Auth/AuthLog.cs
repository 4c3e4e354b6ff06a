using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Auth;

/// <summary>Authentication and abuse-protection log lines: addresses and counts, never a key.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = GatewayEventIds.AuthFailuresThrottled, Level = LogLevel.Warning,
        Message = "Client {Address} made {Failures} failed authentications within {WindowSeconds} s; its requests are refused for the rest of the window")]
    public static partial void Throttled(ILogger logger, string address, int failures, double windowSeconds);
}
