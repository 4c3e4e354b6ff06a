using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Bench;

/// <summary>
/// Splits the on-CPU samples of <c>perf script -F comm,tid,ip,sym,dso</c> into components of the request path:
/// each sample goes to the component of its leaf-most matching frame (fallback components, named with a leading
/// <c>~</c>, only when nothing else matches), so the time a component's own code and what it calls synchronously
/// spend is charged to the innermost specific owner. Given the
/// process's CPU per request over the same window, the shares become microseconds per request.
/// </summary>
internal static class PerfBreakdown
{
    public static string Summarize(string scriptPath, string componentsPath, double cpuMsPerRequest)
    {
        var components = File.ReadAllLines(componentsPath)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2))
            .Select(p => (Name: p[0], Pattern: new Regex(p[1], RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1))))
            .ToList();

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var leaves = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var frames in ReadSamples(scriptPath))
        {
            total++;
            var owner = Owner(frames, components);
            counts[owner] = counts.GetValueOrDefault(owner) + 1;
            if (owner is "kernel" or "runtime, libc, JIT compiler")
            {
                var leaf = frames.Count > 0 ? frames[0].Symbol : "?";
                leaves[leaf] = leaves.GetValueOrDefault(leaf) + 1;
            }
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{total} samples; CPU per request {cpuMsPerRequest * 1000:F1} µs").AppendLine();
        text.AppendLine("| component | share | µs/request |").AppendLine("|---|---:|---:|");
        foreach (var (name, count) in counts.OrderByDescending(c => c.Value))
        {
            var share = (double)count / Math.Max(total, 1);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {share:P1} | {share * cpuMsPerRequest * 1000:F1} |");
        }
        text.AppendLine().AppendLine("Leaf symbols of the kernel and native samples:").AppendLine();
        foreach (var (leaf, count) in leaves.OrderByDescending(c => c.Value).Take(15))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {(double)count / Math.Max(total, 1):P1} {leaf}");
        }
        return text.ToString();
    }

    private static string Owner(List<(string Symbol, string Dso)> frames, List<(string Name, Regex Pattern)> components)
    {
        string? fallback = null;
        foreach (var (symbol, dso) in frames)
        {
            if (!dso.Contains("perf-", StringComparison.Ordinal) && !dso.EndsWith(".dll", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var (name, pattern) in components)
            {
                if (!pattern.IsMatch(symbol))
                {
                    continue;
                }
                if (!name.StartsWith('~'))
                {
                    return name;
                }
                fallback ??= name[1..];
                break;
            }
        }
        if (fallback is not null)
        {
            return fallback;
        }
        if (frames.Count == 0)
        {
            return "kernel";
        }
        var leafDso = frames[0].Dso;
        if (leafDso.Contains("kernel", StringComparison.Ordinal))
        {
            return "kernel";
        }
        return leafDso.Contains("libcrypto", StringComparison.Ordinal) ? "OpenSSL (key hash, RNG)" : "runtime, libc, JIT compiler";
    }

    /// <summary>perf script prints a header line per sample, then one indented frame per line, leaf first.</summary>
    private static IEnumerable<List<(string Symbol, string Dso)>> ReadSamples(string path)
    {
        List<(string, string)>? frames = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                if (frames is not null)
                {
                    yield return frames;
                }
                frames = null;
                continue;
            }
            if (!char.IsWhiteSpace(line[0]))
            {
                if (frames is not null)
                {
                    yield return frames;
                }
                frames = [];
                continue;
            }
            if (frames is null)
            {
                continue;
            }
            // "\t    7f1e12160c07 symbol text (dso path)"
            var trimmed = line.AsSpan().Trim();
            var space = trimmed.IndexOf(' ');
            var rest = space < 0 ? string.Empty : trimmed[(space + 1)..].ToString();
            var open = rest.LastIndexOf(" (", StringComparison.Ordinal);
            frames.Add(open >= 0 && rest.EndsWith(')') ? (rest[..open], rest[(open + 2)..^1]) : (rest, string.Empty));
        }
        if (frames is not null)
        {
            yield return frames;
        }
    }
}
