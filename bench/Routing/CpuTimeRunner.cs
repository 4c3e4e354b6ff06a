using System.Diagnostics;

namespace Gateway.Bench.Routing;

/// <summary>
/// Measures each benchmark as process CPU time per operation (median of 7 rounds). On a shared machine a
/// wall-clock benchmark also counts the time spent waiting for a core; CPU time does not, so it is the steadier
/// number when the load average is above the core count. Runs the same methods as the BenchmarkDotNet classes.
/// </summary>
internal static class CpuTimeRunner
{
    public static void Run()
    {
        var routing = new RoutingDecisionBenchmarks();
        routing.Setup();
        var tokens = new TokenEstimationBenchmarks();
        tokens.Setup();

        Console.WriteLine($"{"benchmark",-48} {"CPU us/op (median of 7)",24} {"min",8} {"max",8}");
        Measure("weighted alias, 10 targets", 200_000, () => routing.Weighted());
        Measure("latency alias, 10 targets", 200_000, () => routing.Latency());
        Measure("cost alias, 10 targets", 200_000, () => routing.Cost());
        Measure("tokens: o200k (gpt-4o), 1.6 KB request", 5_000, () => tokens.O200k());
        Measure("tokens: cl100k (gpt-4), 1.6 KB request", 5_000, () => tokens.Cl100k());
        Measure("tokens: byte estimate, 1.6 KB request", 200_000, () => tokens.Estimated());
        tokens.Cleanup();
    }

    private static void Measure(string name, int operations, Func<object> operation)
    {
        for (var i = 0; i < operations / 4; i++)
        {
            operation();
        }
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
            process.Refresh();
            rounds[round] = (process.TotalProcessorTime - before).TotalMicroseconds / operations;
        }
        Array.Sort(rounds);
        Console.WriteLine($"{name,-48} {rounds[3],24:F3} {rounds[0],8:F3} {rounds[^1],8:F3}");
    }
}
