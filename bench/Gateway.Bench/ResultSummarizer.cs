using System.Globalization;
using System.Text;

namespace Gateway.Bench;

/// <summary>
/// Turns a bench/run.sh results folder into markdown: the medians of the warm scenarios (results.tsv, one row per
/// repetition, scenario and path), the cold starts (cold.tsv), the usage-recording pairs (database.tsv), and the
/// targets of issue 16 checked against bare YARP measured in the same run.
/// </summary>
internal static class ResultSummarizer
{
    private static readonly string[] Columns = ["rps", "p50_ms", "p99_ms", "proxy_cpu_ms_per_req", "proxy_rss_mb", "proxy_hwm_mb", "up_cpu_ms_per_req"];

    public static string Summarize(string directory)
    {
        var text = new StringBuilder();
        var targets = new List<string>();
        var results = Path.Combine(directory, "results.tsv");
        if (File.Exists(results))
        {
            Warm(Table.Read(results), text, targets);
        }
        var cold = Path.Combine(directory, "cold.tsv");
        if (File.Exists(cold))
        {
            Cold(Table.Read(cold), text, targets);
        }
        var database = Path.Combine(directory, "database.tsv");
        if (File.Exists(database))
        {
            Database(Table.Read(database), text, targets);
        }
        if (targets.Count > 0)
        {
            text.AppendLine("| target (issue 16) | bare YARP | gateway | result |").AppendLine("|---|---:|---:|---|");
            foreach (var line in targets)
            {
                text.AppendLine(line);
            }
        }
        return text.ToString();
    }

    private static void Warm(Table table, StringBuilder text, List<string> targets)
    {
        if (table.Rows.Count == 0)
        {
            return;
        }
        var groups = table.Rows.GroupBy(r => (Scenario: table.Cell(r, "scenario"), Path: table.Cell(r, "path"))).ToList();
        var medians = groups.ToDictionary(g => g.Key, g => Columns.ToDictionary(c => c, c => Median(g.Select(r => table.Cell(r, c)))));
        var repetitions = table.Rows.Select(r => table.Cell(r, "rep")).Distinct().Count();
        text.AppendLine(CultureInfo.InvariantCulture, $"Warm scenarios, medians of {repetitions} run(s).");
        if (table.Has("load1"))
        {
            var loads = table.Rows.Select(r => double.Parse(table.Cell(r, "load1"), CultureInfo.InvariantCulture)).Order().ToArray();
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
        text.AppendLine();
        Floor(text, medians);

        Compare(targets, medians, "nonstream-32c", "rps", "plain chat, req/s at 32 connections: gateway ≥ 0.8 × bare YARP", (b, g) => g >= 0.8 * b, Ratio, "F0");
        Compare(targets, medians, "stream-32c", "rps", "streamed chat, req/s at 32 connections: gateway ≥ 0.8 × bare YARP", (b, g) => g >= 0.8 * b, Ratio, "F0");
        var fixedRate = groups.Select(g => g.Key.Scenario).FirstOrDefault(s => s.StartsWith("fixed-", StringComparison.Ordinal)) ?? "fixed-200rps";
        Compare(targets, medians, fixedRate, "p50_ms", $"p50 at {fixedRate[6..]}: within 0.1 ms of bare YARP", (b, g) => g - b <= 0.1, Delta, "F3");
        Compare(targets, medians, "stream-ttfb", "p50_ms", "stream time to first byte, p50: within 0.1 ms of bare YARP", (b, g) => g - b <= 0.1, Delta, "F3");
        Compare(targets, medians, fixedRate, "proxy_cpu_ms_per_req", $"CPU per request at {fixedRate[6..]}: gateway ≤ bare YARP (ms)", (b, g) => g <= b, Ratio, "F3");
        var peaks = table.Rows.Where(r => table.Cell(r, "path") == "gateway").Select(r => Parse(table.Cell(r, "proxy_hwm_mb"))).OfType<double>().ToList();
        var barePeaks = table.Rows.Where(r => table.Cell(r, "path") == "yarp-bare").Select(r => Parse(table.Cell(r, "proxy_hwm_mb"))).OfType<double>().ToList();
        if (peaks.Count > 0)
        {
            var peak = peaks.Max();
            targets.Add(string.Create(CultureInfo.InvariantCulture,
                $"| peak RSS under load (VmHWM), token counting on: ≤ 150 MB | {(barePeaks.Count > 0 ? barePeaks.Max().ToString("F0", CultureInfo.InvariantCulture) : "–")} | {peak:F0} | {(peak <= 150 ? "met" : "MISSED")} |"));
        }
    }

    /// <summary>Where the floor (bare YARP plus the least an LLM gateway does) sits between bare YARP and the gateway.</summary>
    private static void Floor(StringBuilder text, Dictionary<(string Scenario, string Path), Dictionary<string, double?>> medians)
    {
        var written = false;
        foreach (var (scenario, name) in new[] { ("nonstream-32c", "plain"), ("stream-32c", "streamed") })
        {
            if (medians.TryGetValue((scenario, "yarp-floor"), out var floor) && floor["rps"] is { } f
                && medians.TryGetValue((scenario, "yarp-bare"), out var bare) && bare["rps"] is { } b
                && medians.TryGetValue((scenario, "gateway"), out var gateway) && gateway["rps"] is { } g)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"The floor, {name}: {f / b:F2} × bare YARP's req/s; the gateway {g / f:F2} × the floor's.");
                written = true;
            }
        }
        if (written)
        {
            text.AppendLine();
        }
    }

    private static void Cold(Table table, StringBuilder text, List<string> targets)
    {
        text.AppendLine("Cold starts: load at 32 connections from the moment the proxy is ready; req/s over the first 10 s against the same process after the warm-up (medians over the starts; per second: the start with the median ratio).");
        text.AppendLine();
        // CPU per request, first 10 s and warm: the ratio a core of its own would show, where neighbours take an unknown share.
        var cpu = table.Has("cpu_ratio");
        text.AppendLine(cpu
            ? "| path | kind | starts | ready after ms | first 10 s req/s | warm req/s | ratio | CPU ms/req first 10 s | CPU ms/req warm | CPU ratio (warm / first) | first 10 s, per second | peak RSS MB |"
            : "| path | kind | starts | ready after ms | first 10 s req/s | warm req/s | ratio | first 10 s, per second | peak RSS MB |");
        text.AppendLine(cpu ? "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|" : "|---|---|---:|---:|---:|---:|---:|---|---:|");
        var ratios = new Dictionary<(string Path, string Kind), double>();
        var cpuRatios = new Dictionary<(string Path, string Kind), double>();
        foreach (var group in table.Rows.GroupBy(r => (Path: table.Cell(r, "path"), Kind: table.Cell(r, "kind"))))
        {
            var rows = group.OrderBy(r => Parse(table.Cell(r, "ratio"))).ToList();
            var middle = rows[rows.Count / 2];
            var ratio = Median(rows.Select(r => table.Cell(r, "ratio")));
            ratios[group.Key] = ratio ?? double.NaN;
            var cpuColumns = "";
            if (cpu)
            {
                var cpuRatio = Median(rows.Select(r => table.Cell(r, "cpu_ratio")));
                cpuRatios[group.Key] = cpuRatio ?? double.NaN;
                cpuColumns = string.Create(CultureInfo.InvariantCulture,
                    $" {Format(Median(rows.Select(r => table.Cell(r, "cold_cpu_ms_per_req"))), "F3")} | {Format(Median(rows.Select(r => table.Cell(r, "warm_cpu_ms_per_req"))), "F3")} | {Format(cpuRatio, "F2")} |");
            }
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Path} | {group.Key.Kind} | {rows.Count} | {Format(Median(rows.Select(r => table.Cell(r, "ready_ms"))), "F0")} | {Format(Median(rows.Select(r => table.Cell(r, "cold_rps"))), "F0")} | {Format(Median(rows.Select(r => table.Cell(r, "warm_rps"))), "F0")} | {Format(ratio, "F2")} |{cpuColumns} {table.Cell(middle, "cold_per_second")} | {Format(Median(rows.Select(r => table.Cell(r, "proxy_hwm_mb"))), "F0")} |");
        }
        text.AppendLine();
        foreach (var kind in new[] { "nonstream", "stream" })
        {
            if (ratios.TryGetValue(("gateway", kind), out var g))
            {
                var bare = ratios.TryGetValue(("yarp-bare", kind), out var b) ? b.ToString("F2", CultureInfo.InvariantCulture) : "–";
                targets.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| cold start, {(kind == "stream" ? "streamed" : "plain")}: first 10 s after ready ≥ 0.7 × warm req/s | {bare} | {g:F2} | {(g >= 0.7 ? "met" : "MISSED")} |"));
                if (cpuRatios.TryGetValue(("gateway", kind), out var gc))
                {
                    var bareCpu = cpuRatios.TryGetValue(("yarp-bare", kind), out var bc) ? bc.ToString("F2", CultureInfo.InvariantCulture) : "–";
                    targets.Add(string.Create(CultureInfo.InvariantCulture,
                        $"| same, by CPU per request (warm / first 10 s) | {bareCpu} | {gc:F2} | {(gc >= 0.7 ? "met" : "MISSED")} |"));
                }
            }
        }
    }

    private static void Database(Table table, StringBuilder text, List<string> targets)
    {
        text.AppendLine("Usage recording to PostgreSQL on against off (two gateways on one database, alternating pairs at 32 connections, plain chat):");
        text.AppendLine();
        // Core use (CPU seconds per second): equal on both sides means the gateway set the pace in both modes.
        text.AppendLine("| pair | first | on req/s | off req/s | on / off | on CPU ms/req | off CPU ms/req | on core use | off core use |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in table.Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {table.Cell(row, "pair")} | {table.Cell(row, "first")} | {table.Cell(row, "on_rps")} | {table.Cell(row, "off_rps")} | {table.Cell(row, "ratio")} | {table.Cell(row, "on_cpu_ms_per_req")} | {table.Cell(row, "off_cpu_ms_per_req")} | {Optional(table, row, "on_core_use")} | {Optional(table, row, "off_core_use")} |");
        }
        var ratio = Median(table.Rows.Select(r => table.Cell(r, "ratio")));
        var cpuRatio = Median(table.Rows.Select(r =>
            Parse(table.Cell(r, "on_cpu_ms_per_req")) is { } on && Parse(table.Cell(r, "off_cpu_ms_per_req")) is { } off && off > 0
                ? (on / off).ToString(CultureInfo.InvariantCulture) : ""));
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Median of {table.Rows.Count} pair ratios: throughput {Format(ratio, "F3")}, gateway CPU per request {Format(cpuRatio, "F3")}.");
        // The alternation cancels a position effect (the second run of a pair slower) in a mean, not in a median of ten:
        // the ratios by which side ran first show it, and their geometric mean is the figure it does not bias.
        var onFirst = Median(table.Rows.Where(r => table.Cell(r, "first") == "on").Select(r => table.Cell(r, "ratio")));
        var offFirst = Median(table.Rows.Where(r => table.Cell(r, "first") == "off").Select(r => table.Cell(r, "ratio")));
        var logs = table.Rows.Select(r => Parse(table.Cell(r, "ratio"))).Where(v => v is > 0).Select(v => Math.Log(v!.Value)).ToList();
        double? geometric = logs.Count > 0 ? Math.Exp(logs.Average()) : null;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Throughput ratio by which side ran first: median {Format(onFirst, "F3")} with \"on\" first, {Format(offFirst, "F3")} with \"off\" first; geometric mean of all {Format(geometric, "F3")}.");
        text.AppendLine();
        if (ratio is { } r)
        {
            targets.Add(string.Create(CultureInfo.InvariantCulture,
                $"| usage recording on vs off: ≤ 5 % of throughput (median of {table.Rows.Count} pair ratios) | – | {r:F3} | {(r >= 0.95 ? "met" : "MISSED")} ({(1 - r) * 100:+0.0;-0.0} % cost) |"));
        }
    }

    private static void Compare(
        List<string> targets, Dictionary<(string Scenario, string Path), Dictionary<string, double?>> medians,
        string scenario, string column, string target, Func<double, double, bool> met, Func<double, double, string> describe, string format)
    {
        if (!medians.TryGetValue((scenario, "yarp-bare"), out var bare) || !medians.TryGetValue((scenario, "gateway"), out var gateway)
            || bare[column] is not { } b || gateway[column] is not { } g)
        {
            return;
        }
        targets.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {target} | {b.ToString(format, CultureInfo.InvariantCulture)} | {g.ToString(format, CultureInfo.InvariantCulture)} | {(met(b, g) ? "met" : "MISSED")} ({describe(b, g)}) |"));
    }

    private static string Ratio(double bare, double gateway) => string.Create(CultureInfo.InvariantCulture, $"{gateway / bare:F2} ×");

    private static string Delta(double bare, double gateway) => string.Create(CultureInfo.InvariantCulture, $"{gateway - bare:+0.000;-0.000} ms");

    /// <summary>A column that older result folders do not have.</summary>
    private static string Optional(Table table, string[] row, string column) => table.Has(column) ? table.Cell(row, column) : "–";

    private static double? Parse(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v) ? v : null;

    private static double? Median(IEnumerable<string> cells)
    {
        var values = cells.Select(Parse).OfType<double>().Order().ToArray();
        if (values.Length == 0)
        {
            return null;
        }
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static string Format(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>A tab-separated file with a header line.</summary>
    private sealed class Table
    {
        private readonly string[] _header;

        private Table(string[] header, List<string[]> rows)
        {
            _header = header;
            Rows = rows;
        }

        public List<string[]> Rows { get; }

        public static Table Read(string path)
        {
            var lines = File.ReadAllLines(path);
            if (lines.Length == 0)
            {
                throw new ArgumentException($"{path} is empty");
            }
            return new Table(lines[0].Split('\t'), lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList());
        }

        public bool Has(string column) => Array.IndexOf(_header, column) >= 0;

        public string Cell(string[] row, string column)
        {
            var i = Array.IndexOf(_header, column);
            if (i < 0)
            {
                throw new ArgumentException($"no column '{column}'");
            }
            return i < row.Length ? row[i] : "";
        }
    }
}
