namespace Gateway.Bench;

/// <summary>Nearest-rank percentiles over recorded Stopwatch tick counts, in milliseconds.</summary>
internal static class Percentiles
{
    public static double Milliseconds(long[] sortedTicks, double quantile)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(quantile * sortedTicks.Length) - 1;
        return sortedTicks[Math.Clamp(rank, 0, sortedTicks.Length - 1)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
