using Gateway.Policies.Resilience;

namespace Gateway.Policies.Strategies;

/// <summary>
/// Lowest recent latency first (time to first token or total, per <see cref="StrategyParameters.LatencyMetric"/>),
/// divided by the success rate so that a fast target that often fails does not win. A target never tried sorts
/// first (it has to be measured once); one that has only failed sorts last. With probability
/// <see cref="StrategyParameters.Epsilon"/> the request explores: the stalest target whose last result is older
/// than <see cref="StrategyParameters.StaleAfter"/> — or, if none is stale, a random other one — goes first, so a
/// target that was slow or failing and has recovered is noticed.
/// </summary>
internal static class LatencyOrdering
{
    public static void Apply(
        Span<RouteTarget> items, Span<double> keys, Span<double> ages, ITargetStatistics? statistics, Random random,
        StrategyParameters parameters, in OrderingContext context)
    {
        var ttft = context.UseTimeToFirstToken(parameters);
        for (var i = 0; i < items.Length; i++)
        {
            var target = items[i];
            if (statistics is null || !statistics.TryGet(target.Provider.Id, target.Model, out var stats) || stats.Samples == 0)
            {
                keys[i] = 0;
                ages[i] = 0;
                continue;
            }
            var latency = ttft ? stats.TimeToFirstTokenMs : stats.TotalLatencyMs;
            keys[i] = double.IsNaN(latency) ? double.PositiveInfinity : latency / SuccessRate(stats.ErrorRate);
            ages[i] = stats.Age.TotalMilliseconds;
        }
        SortWithAges(items, keys, ages);
        Explore(items, ages, random, parameters);
    }

    /// <summary>Floors the success rate so that a target failing every time still gets a finite (large) score.</summary>
    internal static double SuccessRate(double errorRate) => Math.Max(0.05, 1 - (double.IsNaN(errorRate) ? 0 : errorRate));

    private static void SortWithAges(Span<RouteTarget> items, Span<double> keys, Span<double> ages)
    {
        // Insertion sort carrying the ages along (StableSort moves only items and keys).
        for (var i = 1; i < items.Length; i++)
        {
            var item = items[i];
            var key = keys[i];
            var age = ages[i];
            var j = i - 1;
            while (j >= 0 && keys[j] > key)
            {
                items[j + 1] = items[j];
                keys[j + 1] = keys[j];
                ages[j + 1] = ages[j];
                j--;
            }
            items[j + 1] = item;
            keys[j + 1] = key;
            ages[j + 1] = age;
        }
    }

    private static void Explore(Span<RouteTarget> items, Span<double> ages, Random random, StrategyParameters parameters)
    {
        if (items.Length < 2 || parameters.Epsilon <= 0 || random.NextDouble() >= parameters.Epsilon)
        {
            return;
        }
        var staleAfter = parameters.StaleAfter.TotalMilliseconds;
        var pick = -1;
        var oldest = staleAfter;
        for (var i = 1; i < items.Length; i++)
        {
            if (ages[i] >= oldest)
            {
                oldest = ages[i];
                pick = i;
            }
        }
        if (pick < 0)
        {
            pick = 1 + random.Next(items.Length - 1);
        }
        StableSort.MoveToFront(items, pick);
    }
}
