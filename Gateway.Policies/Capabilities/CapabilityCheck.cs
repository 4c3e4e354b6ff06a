namespace Gateway.Policies.Capabilities;

/// <summary>Whether one candidate can serve a request; when not, the reason and (for capabilities) what it lacks.</summary>
internal readonly record struct CapabilityCheck(bool CanServe, DropReason Reason, RequestFeatures Missing)
{
    public static CapabilityCheck Ok => new(true, default, RequestFeatures.None);
}
