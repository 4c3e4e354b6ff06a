using Gateway.Policies.Resilience;

namespace Gateway.Policies.Strategies;

/// <summary>
/// Lowest score first, score = CostWeight * cost + LatencyWeight * latency + ErrorWeight * error rate, where cost
/// and latency are divided by the largest among the candidates (so each is in [0, 1] and the weights mean what
/// they say whatever the units). Unpriced counts as the most expensive (1); unknown latency as the average of the
/// known ones (neutral: neither favoured nor punished); unknown error rate as 0.
/// </summary>
internal static class HybridOrdering
{
    public static void Apply(
        Span<RouteTarget> items, Span<double> keys, Span<double> latencies, ITargetStatistics? statistics,
        StrategyParameters parameters, in OrderingContext context)
    {
        var output = context.OutputTokens(parameters);
        var ttft = context.UseTimeToFirstToken(parameters);
        double maxCost = 0, maxLatency = 0, latencySum = 0;
        var latencyCount = 0;

        // First pass: raw cost into keys, raw latency into latencies, error rate folded in at the end.
        Span<double> errors = items.Length <= 64 ? stackalloc double[items.Length] : new double[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var target = items[i];
            var cost = CostEstimator.EstimateUsd(target.Price, context.EstimatedPromptTokens, context.CachedPromptTokens, output);
            keys[i] = cost;
            if (double.IsFinite(cost))
            {
                maxCost = Math.Max(maxCost, cost);
            }
            latencies[i] = double.NaN;
            errors[i] = 0;
            if (statistics is not null && statistics.TryGet(target.Provider.Id, target.Model, out var stats))
            {
                var latency = ttft ? stats.TimeToFirstTokenMs : stats.TotalLatencyMs;
                if (!double.IsNaN(latency))
                {
                    latencies[i] = latency;
                    maxLatency = Math.Max(maxLatency, latency);
                    latencySum += latency;
                    latencyCount++;
                }
                errors[i] = double.IsNaN(stats.ErrorRate) ? 0 : stats.ErrorRate;
            }
        }

        var meanLatency = latencyCount > 0 ? latencySum / latencyCount : 0;
        for (var i = 0; i < items.Length; i++)
        {
            var cost = double.IsFinite(keys[i]) ? (maxCost > 0 ? keys[i] / maxCost : 0) : 1;
            var latency = double.IsNaN(latencies[i]) ? meanLatency : latencies[i];
            var normalisedLatency = maxLatency > 0 ? latency / maxLatency : 0;
            keys[i] = (parameters.CostWeight * cost) + (parameters.LatencyWeight * normalisedLatency) + (parameters.ErrorWeight * errors[i]);
        }
        StableSort.Ascending(items, keys);
    }
}
