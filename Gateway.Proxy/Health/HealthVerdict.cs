using Yarp.ReverseProxy.Model;

namespace Gateway.Proxy.Health;

/// <summary>
/// Whether a candidate may be sent to now: the destinations in service, or why it is out (every scope that holds it
/// out, in words) and when it is expected back (for panic routing: the one back soonest is tried).
/// </summary>
internal readonly record struct HealthVerdict(IReadOnlyList<DestinationState> Destinations, string? Reason, DateTimeOffset BackAt)
{
    public bool InService => Reason is null;
}
