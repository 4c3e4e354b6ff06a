using System.Globalization;
using Gateway.Bench.Usage;

// Usage recording's cost and capacity:
//   1. gateway throughput with usage recording on (queue, batched COPY writer, PostgreSQL) and off (same gateway and
//      database, records discarded), alternating on/off rounds so drift hits both alike;
//   2. the batch writer's capacity, records per second into PostgreSQL.
// Arguments: --connection <server connection string> [--seconds 10] [--warmup 10] [--rounds 3] [--workers 32] [--writer-records 200000] [--batch 1000]
var options = Arguments.Parse(args);
var invariant = CultureInfo.InvariantCulture;
await using var database = await BenchDatabase.CreateAsync(options.Connection);
await using var upstream = await FakeUpstream.StartAsync();

Console.WriteLine(string.Create(invariant, $"date {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, database {database.Name}"));
Console.WriteLine(string.Create(invariant, $"load: {options.Workers} closed-loop workers, {options.Seconds} s per run, {options.Rounds} rounds of off/on"));

var results = new Dictionary<bool, List<LoadResult>> { [false] = [], [true] = [] };
long recordedRequests = 0;
for (var round = 0; options.Rounds > 0 && round <= options.Rounds; round++)
{
    foreach (var record in new[] { false, true })
    {
        await using var gateway = await BenchGateway.StartAsync(upstream.Url, database.ConnectionString, record);
        using var load = new LoadRunner(gateway.BaseAddress);
        // Round 0 warms up (JIT, connection pools) and is not counted. On one busy core the runtime defers tier-1
        // JIT while the process is loaded, so the pause after it lets the background compiler finish first.
        var result = await load.RunAsync(options.Workers, round == 0 ? TimeSpan.FromSeconds(options.Warmup) : TimeSpan.FromSeconds(options.Seconds));
        if (round == 0)
        {
            if (record)
            {
                recordedRequests += result.Requests;
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
            continue;
        }
        results[record].Add(result);
        if (record)
        {
            recordedRequests += result.Requests;
        }
        Console.WriteLine(string.Create(invariant,
            $"round {round} usage {(record ? "on " : "off")}: {result.RequestsPerSecond,8:F0} req/s  p50 {result.P50Ms,6:F2} ms  p99 {result.P99Ms,6:F2} ms  failures {result.Failures}"));
    }
}

if (options.Rounds > 0)
{
    var off = results[false].Average(r => r.RequestsPerSecond);
    var on = results[true].Average(r => r.RequestsPerSecond);
    Console.WriteLine(string.Create(invariant, $"throughput: off {off:F0} req/s, on {on:F0} req/s, on/off {on / off:P1} ({(on - off) / off:+0.0%;-0.0%})"));

    // Every request of the "on" runs must be stored (the gateways were disposed, so their queues were drained).
    var stored = await database.CountAsync("select count(*) from requests");
    Console.WriteLine(string.Create(invariant, $"records stored during the on runs: {stored} of {recordedRequests} requests"));
}

var (written, elapsed, cpu) = await WriterCapacity.RunAsync(database.DataSource, options.WriterRecords, options.Batch);
Console.WriteLine(string.Create(invariant,
    $"writer capacity: {written} records in {elapsed.TotalSeconds:F2} s = {written / elapsed.TotalSeconds:F0} records/s (batches of {options.Batch}), gateway-side CPU {cpu.TotalMicroseconds / Math.Max(1, written):F1} µs per record"));
