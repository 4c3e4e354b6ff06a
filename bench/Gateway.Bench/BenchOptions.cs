using System.Globalization;

namespace Gateway.Bench;

/// <summary><c>--name value</c> pairs from the command line.</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static BenchOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }
            options._values[args[i][2..]] = args[++i];
        }
        return options;
    }

    public string Require(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing --{name}");

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public double Number(string name, double fallback) =>
        _values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
