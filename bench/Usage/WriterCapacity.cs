using System.Diagnostics;
using Gateway.Data.Options;
using Gateway.Data.Usage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gateway.Bench.Usage;

/// <summary>
/// How many usage records per second the batch writer stores: synthetic records shaped like real ones (routing decision,
/// one attempt, one metering event, a config key, rollups of a few models and keys) written in batches, back to back.
/// </summary>
internal static class WriterCapacity
{
    private static readonly string[] Models = ["chat", "fast", "smart", "claude"];

    public static async Task<(int Records, TimeSpan Elapsed, TimeSpan Cpu)> RunAsync(NpgsqlDataSource dataSource, int records, int batchSize)
    {
        await using var writer = new UsageBatchWriter(dataSource, Options.Create(new GatewayDataOptions()));
        var now = DateTimeOffset.UtcNow;
        var batch = new List<UsageRow>(batchSize);
        var written = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < records; i++)
        {
            batch.Add(Row(i, now));
            if (batch.Count == batchSize || i == records - 1)
            {
                written += await writer.WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
                batch.Clear();
            }
        }
        return (written, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private static UsageRow Row(int i, DateTimeOffset now) => new()
    {
        Id = $"gen-{now.ToUnixTimeSeconds()}-bench{i:D12}",
        CreatedAt = now.AddMilliseconds(-i % 3_600_000),
        ConfigKeyId = "bench-" + (i % 16),
        RequestedModel = Models[i % Models.Length],
        ProviderId = "upstream",
        ServedModel = "bench-model",
        ProviderResponseId = "chatcmpl-bench",
        Status = i % 50 == 0 ? 502 : 200,
        PromptTokens = 19 + (i % 100),
        CompletionTokens = 10 + (i % 40),
        Cost = 0.0001475m,
        LatencyMs = 40 + (i % 200),
        UpstreamLatencyMs = 35 + (i % 200),
        TtftMs = 30,
        FinishReason = "stop",
        ClientIp = "127.0.0.1",
        UserAgent = "OpenAI/Python 1.54.0",
        RoutingDecision = """{"strategy":"failover","candidates":[{"provider":"upstream","model":"bench-model","outcome":"success"}]}""",
        Attempts = """[{"attempt":1,"provider":"upstream","model":"bench-model","outcome":"success","status":200,"latency_ms":35,"billed":true,"prompt_tokens":19,"completion_tokens":10,"cached_read_tokens":0,"cache_write_tokens":0,"reasoning_tokens":0,"cost":0.0001475,"estimated":false}]""",
    };
}
