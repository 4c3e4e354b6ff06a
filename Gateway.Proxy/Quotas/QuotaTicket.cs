namespace Gateway.Proxy.Quotas;

/// <summary>What one admitted request reserved, to settle when it ends.</summary>
internal sealed class QuotaTicket
{
    public QuotaTicket(IReadOnlyList<QuotaHold> holds)
    {
        Holds = holds;
    }

    public IReadOnlyList<QuotaHold> Holds { get; }
}
