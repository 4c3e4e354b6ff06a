using Gateway.Bench;

// What wrk cannot do: open-loop fixed-rate load with per-request latency, and stream time to first byte;
// plus the medians table over repeated runs. See bench/README.md.
//   Gateway.Bench latency --url URL --body FILE [--key KEY] [--rate 200] [--seconds 10] [--warmup 2]
//   Gateway.Bench ttfb    --url URL --body FILE [--key KEY] [--rate 50]  [--seconds 10] [--warmup 2]
//   Gateway.Bench summarize --input results.tsv
//   Gateway.Bench perf-breakdown --script perf.txt --components ../profile-components.tsv --cpu-ms-per-request 0.1
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Gateway.Bench latency|ttfb|summarize|perf-breakdown [options]; see bench/README.md");
    return 2;
}

try
{
    var options = BenchOptions.Parse(args.AsSpan(1));
    switch (args[0])
    {
        case "latency":
        case "ttfb":
            var runner = new OpenLoopRunner(options, measureFirstByte: args[0] == "ttfb");
            return await runner.RunAsync();
        case "summarize":
            Console.Write(ResultSummarizer.Summarize(File.ReadAllLines(options.Require("input"))));
            return 0;
        case "perf-breakdown":
            Console.Write(PerfBreakdown.Summarize(options.Require("script"), options.Require("components"), options.Number("cpu-ms-per-request", 0)));
            return 0;
        default:
            Console.Error.WriteLine($"unknown command '{args[0]}'");
            return 2;
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
