using System.Globalization;

namespace Gateway.Tests.Infrastructure;

/// <summary>Reads samples from the process's Prometheus registry (shared by every host in the test process: compare deltas).</summary>
internal static class MetricsText
{
    public static async Task<string> CollectAsync()
    {
        using var stream = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value of the sample written exactly as <paramref name="series"/> (name and labels), 0 when absent.</summary>
    public static async Task<double> ValueAsync(string series)
    {
        foreach (var line in (await CollectAsync()).Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
