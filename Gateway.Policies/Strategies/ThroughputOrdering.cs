using Gateway.Policies.Resilience;

namespace Gateway.Policies.Strategies;

/// <summary>
/// Most output tokens per second first (OpenRouter's <c>:nitro</c> and <c>sort: throughput</c>), scaled by the
/// success rate. Never tried sorts first (it must be measured once); no throughput measured yet sorts last.
/// </summary>
internal static class ThroughputOrdering
{
    public static void Apply(Span<RouteTarget> items, Span<double> keys, ITargetStatistics? statistics)
    {
        for (var i = 0; i < items.Length; i++)
        {
            var target = items[i];
            if (statistics is null || !statistics.TryGet(target.Provider.Id, target.Model, out var stats) || stats.Samples == 0)
            {
                keys[i] = double.NegativeInfinity;
                continue;
            }
            var throughput = double.IsNaN(stats.OutputTokensPerSecond) ? 0 : stats.OutputTokensPerSecond;
            keys[i] = -throughput * LatencyOrdering.SuccessRate(stats.ErrorRate);
        }
        StableSort.Ascending(items, keys);
    }
}
