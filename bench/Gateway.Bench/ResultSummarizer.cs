using System.Globalization;
using System.Text;

namespace Gateway.Bench;

/// <summary>
/// Turns bench/run.sh's results.tsv (one row per repetition, scenario and path) into a markdown table of
/// medians, and checks the medians against the speed targets.
/// </summary>
internal static class ResultSummarizer
{
    private static readonly string[] Columns = ["rps", "p50_ms", "p99_ms", "proxy_cpu_ms_per_req", "proxy_rss_mb", "proxy_hwm_mb", "up_cpu_ms_per_req"];

    public static string Summarize(string[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Length < 2)
        {
            throw new ArgumentException("the results file has no rows");
        }
        var header = lines[0].Split('\t');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        var at = (string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new ArgumentException($"no column '{name}'");

        // Rows keep the order in which run.sh ran them; medians are per (scenario, path).
        var groups = rows.GroupBy(r => (Scenario: r[at("scenario")], Path: r[at("path")])).ToList();
        var medians = groups.ToDictionary(g => g.Key, g => Columns.ToDictionary(c => c, c => Median(g.Select(r => r[at(c)]))));
        var repetitions = rows.Select(r => r[at("rep")]).Distinct().Count();

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Medians of {repetitions} run(s).");
        if (Array.IndexOf(header, "load1") >= 0)
        {
            // The bench alone keeps the 1-minute load near 1; much more means other work shared the machine.
            var loads = rows.Select(r => double.Parse(r[at("load1")], CultureInfo.InvariantCulture)).Order().ToArray();
            text.AppendLine(CultureInfo.InvariantCulture, $"1-minute load average after each run: median {loads[loads.Length / 2]:F2}, max {loads[^1]:F2}.");
        }
        text.AppendLine();
        text.AppendLine("| scenario | path | req/s | p50 ms | p99 ms | proxy CPU ms/req | proxy RSS MB (peak) | upstream CPU ms/req |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var group in groups)
        {
            var m = medians[group.Key];
            var rss = m["proxy_rss_mb"] is { } now ? $"{now:F0} ({m["proxy_hwm_mb"]:F0})" : "–";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Scenario} | {group.Key.Path} | {Format(m["rps"], "F0")} | {Format(m["p50_ms"], "F3")} | {Format(m["p99_ms"], "F3")} | {Format(m["proxy_cpu_ms_per_req"], "F3")} | {rss} | {Format(m["up_cpu_ms_per_req"], "F3")} |");
        }

        text.AppendLine().AppendLine("| target | direct | gateway | result |").AppendLine("|---|---:|---:|---|");
        Check(text, medians, "nonstream-32c", "rps", "req/s at 32 connections: gateway >= 1/2 of direct", (d, g) => g >= d / 2, "F0");
        Check(text, medians, "stream-32c", "rps", "(streams) req/s at 32 connections: gateway >= 1/2 of direct", (d, g) => g >= d / 2, "F0");
        // The fixed-rate scenario is named after its rate (fixed-200rps); the targets are stated for 200 req/s.
        var fixedRate = groups.Select(g => g.Key.Scenario).FirstOrDefault(s => s.StartsWith("fixed-", StringComparison.Ordinal)) ?? "fixed-200rps";
        Check(text, medians, fixedRate, "p50_ms", $"p50 at {fixedRate[6..]}: gateway adds <= 0.2 ms", (d, g) => g - d <= 0.2, "F3");
        Check(text, medians, fixedRate, "p99_ms", $"p99 at {fixedRate[6..]}: gateway adds <= 1 ms", (d, g) => g - d <= 1.0, "F3");
        Check(text, medians, "stream-ttfb", "p50_ms", "stream time to first byte, p50: gateway adds <= 0.5 ms", (d, g) => g - d <= 0.5, "F3");
        Check(text, medians, "stream-ttfb", "p99_ms", "stream time to first byte, p99: gateway adds <= 0.5 ms", (d, g) => g - d <= 0.5, "F3");
        return text.ToString();
    }

    private static void Check(
        StringBuilder text, Dictionary<(string Scenario, string Path), Dictionary<string, double?>> medians,
        string scenario, string column, string target, Func<double, double, bool> met, string format)
    {
        if (!medians.TryGetValue((scenario, "direct"), out var direct) || !medians.TryGetValue((scenario, "gateway"), out var gateway)
            || direct[column] is not { } d || gateway[column] is not { } g)
        {
            return;
        }
        var delta = column == "rps" ? $"{g / d:P0} of direct" : $"{g - d:+0.000;-0.000} ms";
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {target} | {d.ToString(format, CultureInfo.InvariantCulture)} | {g.ToString(format, CultureInfo.InvariantCulture)} | {(met(d, g) ? "met" : "MISSED")} ({delta}) |");
    }

    private static double? Median(IEnumerable<string> cells)
    {
        var values = cells
            .Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN)
            .Where(v => !double.IsNaN(v))
            .Order()
            .ToArray();
        if (values.Length == 0)
        {
            return null;
        }
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static string Format(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
