using BenchmarkDotNet.Running;
using Gateway.Bench.Routing;

// dotnet run -c Release --project bench/Routing -- --filter '*' [--job short]   BenchmarkDotNet (wall clock)
// dotnet run -c Release --project bench/Routing -- --cpu-time                   CPU time per operation
if (args is ["--cpu-time", ..])
{
    CpuTimeRunner.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(RoutingDecisionBenchmarks).Assembly).Run(args);
