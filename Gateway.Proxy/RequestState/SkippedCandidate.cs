namespace Gateway.Proxy.RequestState;

/// <summary>A routing candidate the request passed over without sending to it, and why.</summary>
/// <param name="BackAt">
/// For a candidate out of service (cooling down, ejected, circuit open, credential rejected): when it is expected
/// back, which makes it eligible for panic routing. Null for one skipped for another reason (another tenant's, not loaded).
/// </param>
internal sealed record SkippedCandidate(RouteTarget Target, string Reason, DateTimeOffset? BackAt = null)
{
    public bool OutOfService => BackAt is not null;
}
