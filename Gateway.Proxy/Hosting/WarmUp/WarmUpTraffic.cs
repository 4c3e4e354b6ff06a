using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime;
using System.Text;

namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>
/// Sends the warm-up's chat requests, plain and streamed in turn, a few at a time, until a window of
/// <see cref="WarmUpOptions.SettleMilliseconds"/> sees the JIT compile at most <see cref="WarmUpOptions.SettleMaxMethods"/>
/// methods (every method the path calls has reached its last tier) or the deadline comes.
/// </summary>
internal static class WarmUpTraffic
{
    // Each tier moves up after 30 calls, and with dynamic PGO an optimized method passes through an instrumented tier
    // first: a method called once a request needs some 60 requests of its kind before the window can tell.
    private const int MinRequests = 200;

    // The issue-16 bench request: a system prompt and three turns, about 1 KB.
    private static readonly byte[] Plain = Body(stream: false);
    private static readonly byte[] Streamed = Body(stream: true);

    public static async Task<WarmUpResult> RunAsync(Uri gateway, string key, WarmUpOptions options, long deadline, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var counts = new Counts();
        var started = Stopwatch.GetTimestamp();
        var compiledAtStart = JitInfo.GetCompiledMethodCount();
        var workers = new Task[options.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            var first = i;
            workers[i] = Task.Run(() => SendAsync(client, first, counts, stop.Token), CancellationToken.None);
        }

        var settled = false;
        var compiled = compiledAtStart;
        try
        {
            while (Stopwatch.GetTimestamp() < deadline && !counts.Hopeless)
            {
                await Task.Delay(options.SettleMilliseconds, cancellationToken).ConfigureAwait(false);
                var now = JitInfo.GetCompiledMethodCount();
                if (now - compiled <= options.SettleMaxMethods && Volatile.Read(ref counts.Succeeded) >= MinRequests)
                {
                    settled = true;
                    break;
                }
                compiled = now;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        return new WarmUpResult(
            Stopwatch.GetElapsedTime(started), counts.Succeeded + counts.Failed, counts.Failed, JitInfo.GetCompiledMethodCount() - compiledAtStart,
            settled, counts.FirstFailure);
    }

    private static async Task SendAsync(HttpClient client, int first, Counts counts, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        for (var n = first; !cancellationToken.IsCancellationRequested && !counts.Hopeless; n++)
        {
            try
            {
                using var content = new ByteArrayContent(n % 2 == 0 ? Plain : Streamed);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync("/v1/chat/completions", content, cancellationToken).ConfigureAwait(false);
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
                    {
                    }
                }
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref counts.Succeeded);
                }
                else
                {
                    counts.Fail(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                counts.Fail(e.HttpRequestError.ToString());
            }
            catch (IOException)
            {
                // The answer broke off mid-body.
                counts.Fail("answer cut off");
            }
        }
    }

    private static byte[] Body(bool stream)
    {
        var options = stream ? ""","stream":true,"stream_options":{"include_usage":true}""" : "";
        return Encoding.UTF8.GetBytes(
            $$"""{"model":"{{WarmUpGateway.Alias}}","messages":[{"role":"system","content":"You are a concise assistant for an internal engineering help desk. Answer in plain English, keep answers under five sentences, and say so when you are not sure. Never invent command-line flags or configuration keys; if a detail is missing, ask one short clarifying question instead."},{"role":"user","content":"Our service sits behind a reverse proxy and every request to the upstream API goes through it. Since last week's deploy the p99 latency of the checkout flow went from about 180 ms to about 260 ms, while p50 barely moved. CPU on the proxy hosts is around 35 percent and there are no errors in the logs."},{"role":"assistant","content":"A p99-only regression with flat p50 usually points at queuing or connection churn rather than raw CPU. Did the deploy change connection pooling, keep-alive or TLS settings on the proxy?"},{"role":"user","content":"Yes, the pool size went from 256 to 64. What should we check first?"}],"temperature":0.2,"max_tokens":256,"user":"warm-up"{{options}}}""");
    }

    private sealed class Counts
    {
        // With nothing but failures this many times, something is wrong with the warm-up itself: stop, readiness goes on.
        private const int HopelessFailures = 20;

        public int Succeeded;
        public int Failed;
        private string? _firstFailure;

        public bool Hopeless => Volatile.Read(ref Failed) >= HopelessFailures && Volatile.Read(ref Succeeded) == 0;

        public string? FirstFailure => Volatile.Read(ref _firstFailure);

        public void Fail(string reason)
        {
            Interlocked.Increment(ref Failed);
            Interlocked.CompareExchange(ref _firstFailure, reason, null);
        }
    }
}
