using System.Diagnostics;
using System.Net.Http.Headers;

namespace Gateway.Bench.Usage;

/// <summary>Closed-loop load: a fixed number of workers, each sending the next chat request as soon as the last one answered.</summary>
internal sealed class LoadRunner : IDisposable
{
    private static readonly byte[] Body = """{"model":"chat","messages":[{"role":"user","content":"Say hello."}]}"""u8.ToArray();

    private readonly HttpClient _client;

    public LoadRunner(Uri baseAddress)
    {
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
        };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchGateway.ClientKey);
    }

    public async Task<LoadResult> RunAsync(int workers, TimeSpan duration)
    {
        var latencies = new List<double>[workers];
        var failures = 0L;
        var stop = Stopwatch.StartNew();
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var mine = latencies[w] = new List<double>(1 << 16);
            tasks[w] = Task.Run(async () =>
            {
                while (stop.Elapsed < duration)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var content = new ByteArrayContent(Body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await _client.PostAsync("/v1/chat/completions", content).ConfigureAwait(false);
                    await response.Content.CopyToAsync(Stream.Null).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            });
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        var elapsed = stop.Elapsed;
        var all = latencies.SelectMany(list => list).Order().ToArray();
        return new LoadResult(all.Length, failures, elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    public void Dispose() => _client.Dispose();

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];
}
