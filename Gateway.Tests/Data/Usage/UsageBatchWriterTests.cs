using Gateway.Data.Usage;

namespace Gateway.Tests.Data.Usage;

/// <summary>The batch writer on a real PostgreSQL: COPY and insert, and a batch delivered twice stored and counted once.</summary>
[TestFixture]
public sealed class UsageBatchWriterTests : DatabaseTest
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 34, 56, TimeSpan.Zero);

    [Test]
    public async Task Writes_requests_events_bodies_and_rollups()
    {
        await using var writer = new UsageBatchWriter(Database.DataSource, Database.Options);
        var rows = new[]
        {
            Row("gen-1-writer-a", cost: 0.5m) with { RequestBody = "{\"model\":\"chat\"}", ResponseBody = "{\"id\":1", ResponseBodyTruncated = true },
            Row("gen-1-writer-b", cost: 0.25m, status: 502),
        };

        var inserted = await writer.WriteAsync(rows, CancellationToken.None);

        Assert.That(inserted, Is.EqualTo(2));
        Assert.That(await Count("requests where id like 'gen-1-writer-%'"), Is.EqualTo(2));
        Assert.That(await Count("usage_events where request_id like 'gen-1-writer-%'"), Is.EqualTo(2), "one per billed attempt");
        Assert.That(await Database.ScalarAsync<decimal>("select cost from usage_events where request_id = 'gen-1-writer-a' and attempt = 2"), Is.EqualTo(0.5m));
        Assert.That(await Database.ScalarAsync<bool>("select response_truncated from request_bodies where request_id = 'gen-1-writer-a'"), Is.True);
        Assert.That(await Database.ScalarAsync<string>("select attempts::text from requests where id = 'gen-1-writer-a'"), Does.Contain("\"outcome\": \"success\""));
        Assert.That(await Database.ScalarAsync<decimal>("select sum(cost) from usage_rollup_hourly where key_ref = 'config:writer'"), Is.EqualTo(0.75m));
        Assert.That(await Database.ScalarAsync<long>("select sum(errors)::bigint from usage_rollup_daily where key_ref = 'config:writer'"), Is.EqualTo(1));
        Assert.That(await Database.ScalarAsync<DateTime>("select bucket from usage_rollup_hourly where key_ref = 'config:writer' limit 1"),
            Is.EqualTo(new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc)));
    }

    [Test]
    public async Task Stores_tabs_newlines_backslashes_and_unicode_as_sent_and_nul_as_a_replacement()
    {
        await using var writer = new UsageBatchWriter(Database.DataSource, Database.Options);
        var row = Row("gen-1-odd-a", cost: 0.000001475m) with
        {
            RequestedModel = "odd\\model\twith\ttabs\nand\r\nlines \\N é 😀",
            UserAgent = "agent\0with nul",
            ErrorCode = "\\.",
            ClientIp = "fe80::1%2",
            RoutingDecision = """{"strategy":"a\\u0000b \u0000 \t"}""",
            KeyId = Guid.Parse("0b4a3f0e-8c1d-4d7e-9f00-1234567890ab"),
            UpstreamLatencyMs = null,
            TtftMs = 7,
            CreatedAt = new DateTimeOffset(2026, 11, 26, 12, 34, 56, TimeSpan.FromHours(2)).AddTicks(1234567),
        };

        await writer.WriteAsync([row], CancellationToken.None);

        const string Where = " from requests where id = 'gen-1-odd-a'";
        Assert.That(await Database.ScalarAsync<string>("select requested_model" + Where), Is.EqualTo(row.RequestedModel));
        Assert.That(await Database.ScalarAsync<string>("select user_agent" + Where), Is.EqualTo("agent\uFFFDwith nul"));
        Assert.That(await Database.ScalarAsync<string>("select error_code" + Where), Is.EqualTo("\\."));
        Assert.That(await Database.ScalarAsync<string>("select host(client_ip)" + Where), Is.EqualTo("fe80::1"));
        Assert.That(await Database.ScalarAsync<string>("select routing_decision->>'strategy'" + Where), Is.EqualTo("a\\u0000b \uFFFD \t"));
        Assert.That(await Database.ScalarAsync<decimal>("select cost" + Where), Is.EqualTo(0.000001475m));
        Assert.That(await Database.ScalarAsync<Guid>("select key_id" + Where), Is.EqualTo(row.KeyId));
        Assert.That(await Database.ScalarAsync<bool>("select upstream_latency_ms is null and ttft_ms = 7" + Where), Is.True);
        Assert.That(await Database.ScalarAsync<DateTime>("select created_at" + Where),
            Is.EqualTo(new DateTime(2026, 11, 26, 10, 34, 56, DateTimeKind.Utc).AddTicks(1234560)), "UTC, cut to microseconds");
    }

    [Test]
    public async Task Stores_no_address_for_a_client_ip_that_is_not_one()
    {
        await using var writer = new UsageBatchWriter(Database.DataSource, Database.Options);

        await writer.WriteAsync([Row("gen-1-ip-a", cost: 0m) with { ClientIp = "not an address" }, Row("gen-1-ip-b", cost: 0m) with { ClientIp = "::ffff:10.0.0.1" }], CancellationToken.None);

        Assert.That(await Database.ScalarAsync<bool>("select client_ip is null from requests where id = 'gen-1-ip-a'"), Is.True);
        Assert.That(await Database.ScalarAsync<string>("select host(client_ip) from requests where id = 'gen-1-ip-b'"), Is.EqualTo("::ffff:10.0.0.1"));
    }

    [Test]
    public async Task Stores_and_counts_a_batch_delivered_twice_once()
    {
        await using var writer = new UsageBatchWriter(Database.DataSource, Database.Options);
        var first = new[] { Row("gen-1-twice-a", cost: 1m, key: "twice"), Row("gen-1-twice-b", cost: 2m, key: "twice") };
        var overlapping = new[] { Row("gen-1-twice-b", cost: 2m, key: "twice"), Row("gen-1-twice-c", cost: 4m, key: "twice") };

        var a = await writer.WriteAsync(first, CancellationToken.None);
        var b = await writer.WriteAsync(first, CancellationToken.None);
        var c = await writer.WriteAsync(overlapping, CancellationToken.None);

        Assert.That((a, b, c), Is.EqualTo((2, 0, 1)));
        Assert.That(await Count("requests where id like 'gen-1-twice-%'"), Is.EqualTo(3));
        Assert.That(await Count("usage_events where request_id like 'gen-1-twice-%'"), Is.EqualTo(3));
        Assert.That(await Database.ScalarAsync<long>("select sum(requests)::bigint from usage_rollup_hourly where key_ref = 'config:twice'"), Is.EqualTo(3));
        Assert.That(await Database.ScalarAsync<decimal>("select sum(cost) from usage_rollup_daily where key_ref = 'config:twice'"), Is.EqualTo(7m));
    }

    [Test]
    public async Task Reconnects_after_its_connection_was_killed()
    {
        await using var writer = new UsageBatchWriter(Database.DataSource, Database.Options);
        await writer.WriteAsync([Row("gen-1-kill-a", cost: 0m)], CancellationToken.None);
        // Every other session of this fixture's database: the writer holds its connection, idle between batches. The
        // pool's idle ones die too, so the pool is emptied for the tests after this one.
        var killed = await Database.ScalarAsync<long>(
            "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'");
        Database.DataSource.Clear();
        Assert.That(killed, Is.GreaterThanOrEqualTo(1), "the writer's connection was not found, so nothing was killed and nothing would be tested");

        Exception? failure = null;
        try
        {
            await writer.WriteAsync([Row("gen-1-kill-b", cost: 0m)], CancellationToken.None);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        var retried = await writer.WriteAsync([Row("gen-1-kill-b", cost: 0m)], CancellationToken.None);

        Assert.That(retried, Is.EqualTo(failure is null ? 0 : 1), "after a failure the next batch runs on a fresh connection");
        Assert.That(await Count("requests where id = 'gen-1-kill-b'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Ensures_partitions_months_ahead()
    {
        await using var writer = new UsageBatchWriter(Database.DataSource, Database.Options);

        await writer.EnsurePartitionsAsync(new DateOnly(2032, 1, 15), 2, CancellationToken.None);

        Assert.That(await Database.ScalarAsync<bool>("select to_regclass('request_bodies_y2032m02') is not null"), Is.True);
    }

    private Task<long> Count(string from) => Database.ScalarAsync<long>("select count(*) from " + from)!;

    private static UsageRow Row(string id, decimal cost, int status = 200, string key = "writer") => new()
    {
        Id = id,
        CreatedAt = At,
        ConfigKeyId = key,
        RequestedModel = "chat",
        ProviderId = "p",
        ServedModel = "m",
        Status = status,
        PromptTokens = 10,
        CompletionTokens = 5,
        Cost = cost,
        LatencyMs = 120,
        ClientIp = "127.0.0.1",
        RoutingDecision = """{"strategy":"failover","candidates":[]}""",
        Attempts = $$"""
            [{"attempt":1,"provider":"failing","model":"m","outcome":"upstream_error","status":503,"billed":false},
             {"attempt":2,"provider":"p","model":"m","outcome":"success","status":200,"billed":true,"prompt_tokens":10,"completion_tokens":5,
              "cached_read_tokens":0,"cache_write_tokens":0,"reasoning_tokens":0,"cost":{{cost}},"estimated":false}]
            """,
    };
}
