using System.Globalization;

namespace Gateway.Bench.Usage;

/// <summary>The bench's command line.</summary>
internal sealed record Arguments(string Connection, int Seconds, int Warmup, int Rounds, int Workers, int WriterRecords, int Batch)
{
    public static Arguments Parse(string[] args)
    {
        string? connection = Environment.GetEnvironmentVariable("BENCH_PG");
        int seconds = 10, warmup = 10, rounds = 3, workers = 32, writerRecords = 200_000, batch = 1000;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--connection":
                    connection = value;
                    break;
                case "--seconds":
                    seconds = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--rounds":
                    rounds = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--workers":
                    workers = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--writer-records":
                    writerRecords = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--batch":
                    batch = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]}.");
            }
        }
        return new Arguments(connection ?? throw new ArgumentException("--connection (or BENCH_PG) is required."), seconds, warmup, rounds, workers, writerRecords, batch);
    }
}
