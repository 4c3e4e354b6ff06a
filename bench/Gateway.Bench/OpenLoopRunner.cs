using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Gateway.Bench;

/// <summary>
/// Open-loop load: requests start on a fixed schedule (rate per second), whatever the answers do, so a slow
/// answer cannot slow the load down and hide itself (wrk's closed loop can). Records, per request, the time
/// from sending to the last body byte, or, for streams, to the first body byte (the first SSE <c>data:</c> or <c>event:</c> line).
/// </summary>
internal sealed class OpenLoopRunner
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly Uri _url;
    private readonly byte[] _body;
    private readonly string? _key;
    private readonly double _rate;
    private readonly double _seconds;
    private readonly double _warmupSeconds;
    private readonly bool _measureFirstByte;

    public OpenLoopRunner(BenchOptions options, bool measureFirstByte)
    {
        _url = new Uri(options.Require("url"));
        _body = File.ReadAllBytes(options.Require("body"));
        _key = options.Get("key");
        _rate = options.Number("rate", measureFirstByte ? 50 : 200);
        _seconds = options.Number("seconds", 10);
        _warmupSeconds = options.Number("warmup", 2);
        _measureFirstByte = measureFirstByte;
        if (_rate <= 0 || _seconds <= 0 || _warmupSeconds < 0)
        {
            throw new ArgumentException("--rate and --seconds must be positive, --warmup not negative");
        }
    }

    public async Task<int> RunAsync()
    {
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = 1024,
        };
        // An invoker, not an HttpClient: it hands back the response after the headers, without buffering the body.
        using var client = new HttpMessageInvoker(handler);

        var warmup = _warmupSeconds > 0 ? await RunPhaseAsync(client, _warmupSeconds) : null;
        var run = await RunPhaseAsync(client, _seconds);
        var sentTotal = run.Count + (warmup?.Count ?? 0);
        var failedTotal = run.Failed + (warmup?.Failed ?? 0);
        Console.WriteLine(run.Report(_measureFirstByte ? "ttfb" : "latency", sentTotal));
        if (failedTotal > 0)
        {
            Console.Error.WriteLine($"{failedTotal} of {sentTotal} requests failed; first failure: {run.FirstFailure ?? warmup?.FirstFailure}");
            return 1;
        }
        return 0;
    }

    private async Task<Phase> RunPhaseAsync(HttpMessageInvoker client, double seconds)
    {
        var phase = new Phase((int)Math.Round(_rate * seconds));
        var tasks = new Task[phase.Count];
        var interval = Stopwatch.Frequency / _rate;
        // The schedule runs on its own thread: sleeping there delays no one else's work.
        var scheduler = Task.Factory.StartNew(() =>
        {
            var start = Stopwatch.GetTimestamp();
            phase.Start = start;
            for (var i = 0; i < phase.Count; i++)
            {
                var due = start + (long)(i * interval);
                SleepUntil(due);
                tasks[i] = SendAsync(client, phase, i, due);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await scheduler;
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        phase.Elapsed = Stopwatch.GetElapsedTime(phase.Start);
        return phase;
    }

    /// <summary>
    /// Sleeps in whole milliseconds, never spins: the load generator shares its core with the upstream, and a
    /// spinning client would steal the CPU it measures. A send may start up to ~1 ms late; latency is timed from
    /// the actual send, and the lateness is reported.
    /// </summary>
    private static void SleepUntil(long due)
    {
        while (true)
        {
            var remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }
            Thread.Sleep((int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency));
        }
    }

    private async Task SendAsync(HttpMessageInvoker client, Phase phase, int index, long due)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(_body) };
        request.Content.Headers.ContentType = Json;
        if (_key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(16384);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                phase.Fail($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return;
            }
            await using var stream = await response.Content.ReadAsStreamAsync();
            var read = await stream.ReadAsync(buffer);
            var firstByte = Stopwatch.GetTimestamp();
            // OpenAI's chat stream starts with a data line; Anthropic's and the Responses API's with an event line.
            if (_measureFirstByte && !StartsSseEvent(buffer.AsSpan(0, read)))
            {
                phase.Fail("the first bytes of the stream are not an SSE data or event line");
                return;
            }
            while (read > 0)
            {
                read = await stream.ReadAsync(buffer);
            }
            var end = Stopwatch.GetTimestamp();
            phase.Latency[index] = (_measureFirstByte ? firstByte : end) - started;
            phase.Total[index] = end - started;
            phase.Lag[index] = started - due;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            phase.Fail(ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool StartsSseEvent(ReadOnlySpan<byte> first) =>
        first.StartsWith("data:"u8) || first.StartsWith("event:"u8);

    /// <summary>One timed run: per-request ticks, indexed by schedule slot; failed slots stay at -1.</summary>
    private sealed class Phase
    {
        private int _failed;

        public Phase(int count)
        {
            Count = count;
            Latency = new long[count];
            Total = new long[count];
            Lag = new long[count];
            Array.Fill(Latency, -1);
        }

        public int Count { get; }

        public long[] Latency { get; }

        public long[] Total { get; }

        public long[] Lag { get; }

        public long Start { get; set; }

        public TimeSpan Elapsed { get; set; }

        public int Failed => Volatile.Read(ref _failed);

        public string? FirstFailure { get; private set; }

        public void Fail(string message)
        {
            if (Interlocked.Increment(ref _failed) == 1)
            {
                FirstFailure = message;
            }
        }

        public string Report(string mode, int sentTotal)
        {
            var ok = Latency.Where(t => t >= 0).Order().ToArray();
            var total = Total.Where((_, i) => Latency[i] >= 0).Order().ToArray();
            var lag = Lag.Where((_, i) => Latency[i] >= 0).Order().ToArray();
            var late = lag.Count(t => t * 1000.0 / Stopwatch.Frequency > 1.0);
            return string.Create(CultureInfo.InvariantCulture,
                $"RESULT mode={mode} requests={Count} ok={ok.Length} failed={Failed} sent_total={sentTotal} seconds={Elapsed.TotalSeconds:F2} " +
                $"rps={ok.Length / Elapsed.TotalSeconds:F1} p50_ms={Percentiles.Milliseconds(ok, 0.50):F3} p90_ms={Percentiles.Milliseconds(ok, 0.90):F3} " +
                $"p99_ms={Percentiles.Milliseconds(ok, 0.99):F3} max_ms={Percentiles.Milliseconds(ok, 1.0):F3} " +
                $"total_p50_ms={Percentiles.Milliseconds(total, 0.50):F3} total_p99_ms={Percentiles.Milliseconds(total, 0.99):F3} " +
                $"lag_p99_ms={Percentiles.Milliseconds(lag, 0.99):F3} late_over_1ms={late}");
        }
    }
}
