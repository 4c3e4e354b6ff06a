using Gateway.Policies.Catalog;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// What a request costs in US dollars at a target's price, for budgets: estimated before the request (from the
/// token estimate) and settled after it (from the provider's usage). Replaceable: register another implementation
/// (the usage records' cost calculator) and budgets follow it.
/// </summary>
public interface IQuotaCostCalculator
{
    /// <summary>0 when the target has no price.</summary>
    decimal Cost(RouteTarget target, TokenUsage usage);

    /// <summary>
    /// False when <see cref="Cost"/> would answer 0 for want of a price: such a target would spend nothing against a
    /// budget, so a request that may reach it is refused while a cost limit applies.
    /// </summary>
    bool CanPrice(RouteTarget target);
}
