using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Quotas;

/// <summary>What one admitted request reserved, to settle when it ends.</summary>
internal sealed class QuotaTicket
{
    public QuotaTicket(IReadOnlyList<QuotaHold> holds, TokenEstimate estimate)
    {
        Holds = holds;
        Estimate = estimate;
    }

    public IReadOnlyList<QuotaHold> Holds { get; }

    public TokenEstimate Estimate { get; }
}
