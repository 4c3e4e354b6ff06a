using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Routing -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Gateway.Bench.Routing.RoutingDecisionBenchmarks).Assembly).Run(args);
