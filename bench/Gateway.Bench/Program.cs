using Gateway.Bench;

// What wrk cannot do: open-loop fixed-rate load with per-request latency, and stream time to first byte;
// plus the medians table over repeated runs. See bench/README.md.
//   Gateway.Bench latency --url URL --body FILE [--key KEY] [--rate 200] [--seconds 10] [--warmup 2]
//   Gateway.Bench ttfb    --url URL --body FILE [--key KEY] [--rate 50]  [--seconds 10] [--warmup 2]
//   Gateway.Bench summarize --dir bench/results/STAMP
//   Gateway.Bench perf-breakdown --script perf.txt --components ../profile-components.tsv --cpu-ms-per-request 0.1
//   Gateway.Bench make-config --shipped config/gateway.json --upstream URL --paced-upstream URL --key-hash HEX [--kinds true] --out FILE
//   Gateway.Bench make-body --fixture FILE --model NAME [--stream true] --out FILE
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Gateway.Bench latency|ttfb|summarize|perf-breakdown|make-config|make-body [options]; see bench/README.md");
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
            Console.Write(ResultSummarizer.Summarize(options.Require("dir")));
            return 0;
        case "perf-breakdown":
            Console.Write(PerfBreakdown.Summarize(options.Require("script"), options.Require("components"), options.Number("cpu-ms-per-request", 0)));
            return 0;
        case "make-config":
            File.WriteAllText(options.Require("out"), BenchConfigMaker.Make(
                File.ReadAllText(options.Require("shipped")), options.Require("upstream"), options.Require("paced-upstream"), options.Require("key-hash"), options.Get("kinds") == "true"));
            return 0;
        case "make-body":
            File.WriteAllText(options.Require("out"), BenchConfigMaker.Body(
                File.ReadAllText(options.Require("fixture")), options.Require("model"), options.Get("stream") == "true"));
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
