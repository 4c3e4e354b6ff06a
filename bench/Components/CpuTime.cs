using System.Diagnostics;
using System.Globalization;

namespace Gateway.Bench.Components;

/// <summary>
/// Process CPU time per operation, median of 7 rounds after a warm-up: on a shared machine wall-clock time also
/// counts waiting for a core, CPU time does not. Background threads' work (a log writer's) is counted too.
/// </summary>
internal static class CpuTime
{
    public static void Measure(string name, int operations, Action operation, Action? between = null)
    {
        for (var i = 0; i < operations; i++)
        {
            operation();
        }
        between?.Invoke();
        var rounds = new double[7];
        var process = Process.GetCurrentProcess();
        for (var round = 0; round < rounds.Length; round++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            for (var i = 0; i < operations; i++)
            {
                operation();
            }
            between?.Invoke();
            process.Refresh();
            rounds[round] = (process.TotalProcessorTime - before).TotalMicroseconds / operations;
        }
        Array.Sort(rounds);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-60} {rounds[3],10:F3} {rounds[0],8:F3} {rounds[^1],8:F3}"));
    }

    public static void Header() =>
        Console.Error.WriteLine($"{"component",-60} {"CPU µs/op",10} {"min",8} {"max",8}");
}
