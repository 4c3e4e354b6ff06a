namespace Gateway.Proxy.Quotas;

/// <summary>
/// What budgets and cost quotas charge for a model that has no price (US dollars per million tokens), when the
/// operator sets one (<c>Gateway:Quotas:DefaultPrice</c>). Unset, a request that could reach an unpriced model is
/// refused while a cost limit applies to its key, since such a model would cost nothing against the limit.
/// </summary>
internal sealed class QuotaDefaultPrice
{
    [Range(0, 1_000_000)]
    public decimal InputPerMTok { get; set; }

    [Range(0, 1_000_000)]
    public decimal OutputPerMTok { get; set; }
}
