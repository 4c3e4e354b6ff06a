using System.Collections.Concurrent;
using Gateway.Data.Usage;
using Npgsql;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// Nothing is lost and nothing is counted twice: a database that stops under load and comes back, a spool left by an
/// earlier process, a shutdown with records still queued.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class UsageDurabilityTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=9;Username=postgres;Database=none;Timeout=2";

    private FakeProvider _provider = null!;
    private string _spool = null!;

    [SetUp]
    public void SetUp()
    {
        _provider = FakeProvider.AnsweringChats();
        _spool = Directory.CreateTempSubdirectory("gw-durability-spool-").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        _provider.Dispose();
        Directory.Delete(_spool, recursive: true);
    }

    [Test]
    public async Task Keeps_every_record_exactly_once_when_the_database_stops_under_load_and_comes_back()
    {
        const int total = 120;
        var server = await PostgresServer.StartPrivateAsync();
        try
        {
            await using var database = await TestDatabase.CreateOnAsync(server);
            var ids = new ConcurrentBag<string>();
            await using (var gateway = await StartGatewayAsync(database.ConnectionString))
            {
                var sent = 0;
                var load = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
                {
                    while (Interlocked.Increment(ref sent) <= total)
                    {
                        ids.Add(await ChatAsync(gateway));
                    }
                })));

                await WaitUntilAsync(() => ids.Count >= total / 3, load);
                await server.StopServerAsync();
                await WaitUntilAsync(() => ids.Count >= 2 * total / 3, load);
                await server.StartServerAsync();
                await load;

                await EventuallyAsync(async () => await CountAsync(database, "select count(*) from requests") == total, TimeSpan.FromSeconds(30));
            }

            Assert.That(ids.Distinct().Count(), Is.EqualTo(total));
            Assert.That(await CountAsync(database, "select count(distinct id) from requests"), Is.EqualTo(total));
            Assert.That(await CountAsync(database, "select count(*) from usage_events"), Is.EqualTo(total));
            Assert.That(await CountAsync(database, "select sum(requests)::bigint from usage_rollup_hourly"), Is.EqualTo(total), "rollups count each record once");
            var missing = new List<string>();
            foreach (var id in ids)
            {
                if (await CountAsync(database, "select count(*) from requests where id = $1", id) != 1)
                {
                    missing.Add(id);
                }
            }
            Assert.That(missing, Is.Empty);
            Assert.That(SpooledLines(), Is.Zero, "the spool was replayed and emptied");
        }
        finally
        {
            await server.DisposePrivateAsync();
        }
    }

    [Test]
    public async Task Replays_a_spool_left_by_a_previous_process_exactly_once_and_skips_its_torn_line()
    {
        const int total = 25;
        var ids = new List<string>();
        await using (var offline = await StartGatewayAsync(Unreachable, "--Gateway:Database:StartupWaitSeconds", "0.5"))
        {
            for (var i = 0; i < total; i++)
            {
                ids.Add(await ChatAsync(offline));
            }
        }
        Assert.That(SpooledLines(), Is.EqualTo(total), "with no database every record went to the spool, and shutdown drained the queue there");
        // The earlier process died mid-append once more: a torn line at the end of its last segment.
        File.AppendAllText(Directory.GetFiles(_spool, "*.spool").Order(StringComparer.Ordinal).Last(), "97 {\"Id\":\"gen-0-torn\"", Encoding.UTF8);

        await using var database = await TestDatabase.CreateAsync();
        await using (await StartGatewayAsync(database.ConnectionString))
        {
            await EventuallyAsync(async () => await CountAsync(database, "select count(*) from requests") == total, TimeSpan.FromSeconds(30));
            await EventuallyAsync(() => Task.FromResult(Directory.GetFiles(_spool, "*.spool").Length == 0), TimeSpan.FromSeconds(10));
        }

        Assert.That(await CountAsync(database, "select count(distinct id) from requests"), Is.EqualTo(total));
        foreach (var id in ids)
        {
            Assert.That(await CountAsync(database, "select count(*) from requests where id = $1", id), Is.EqualTo(1), id);
        }
    }

    [Test]
    public async Task Sets_aside_a_spooled_row_the_database_refuses_and_replays_the_rest()
    {
        var at = DateTimeOffset.UtcNow;
        using (var spool = new UsageSpool(_spool))
        {
            spool.Append(
            [
                new UsageRow { Id = "gen-1-good-a", CreatedAt = at, RequestedModel = "chat", Status = 200 },
                // No gateway writes this (the mapper clamps statuses); a spool from elsewhere might.
                new UsageRow { Id = "gen-1-poison", CreatedAt = at, RequestedModel = "chat", Status = 700 },
                new UsageRow { Id = "gen-1-good-b", CreatedAt = at, RequestedModel = "chat", Status = 200 },
            ]);
        }

        await using var database = await TestDatabase.CreateAsync();
        await using (await StartGatewayAsync(database.ConnectionString))
        {
            await EventuallyAsync(() => Task.FromResult(Directory.GetFiles(_spool, "*.spool").Length == 0), TimeSpan.FromSeconds(20));
        }

        Assert.That(await CountAsync(database, "select count(*) from requests where id in ('gen-1-good-a', 'gen-1-good-b')"), Is.EqualTo(2));
        var rejected = File.ReadAllLines(Path.Combine(_spool, UsageSpool.RejectedFile));
        Assert.That(rejected, Has.Length.EqualTo(1));
        Assert.That(rejected[0], Does.Contain("gen-1-poison"));
    }

    [Test]
    public async Task Counts_records_past_the_spool_cap_as_lost_instead_of_filling_the_disk()
    {
        const string lostSeries = "gateway_usage_records_lost_total{reason=\"spool_full\"}";
        var lostBefore = await MetricsText.ValueAsync(lostSeries);
        await using (var offline = await StartGatewayAsync(Unreachable, "--Gateway:Database:StartupWaitSeconds", "0.5", "--Gateway:Usage:MaxSpoolBytes", "4096"))
        {
            for (var i = 0; i < 20; i++)
            {
                await ChatAsync(offline);
            }
            // The registry is the process's, shared with gateways other fixtures start meanwhile: the series is there,
            // its value is whichever gateway set it last.
            var metrics = await offline.Http.GetStringAsync("/metrics");
            Assert.That(metrics, Does.Contain("gateway_usage_spool_max_bytes "));
        }

        var spooled = SpooledLines();
        var bytes = Directory.GetFiles(_spool, "*.spool").Sum(path => new FileInfo(path).Length);
        Assert.That(bytes, Is.LessThanOrEqualTo(4096), "the spool stays under its cap");
        Assert.That(spooled, Is.InRange(1, 19));
        Assert.That(await MetricsText.ValueAsync(lostSeries) - lostBefore, Is.EqualTo(20 - spooled), "every record is either spooled or counted lost");
    }

    [Test]
    public async Task Drains_queued_records_to_the_database_at_shutdown()
    {
        const int total = 15;
        await using var database = await TestDatabase.CreateAsync();
        var gateway = await StartGatewayAsync(database.ConnectionString, "--Gateway:Usage:MaxBatchDelaySeconds", "60", "--Gateway:Usage:BatchSize", "1000");
        try
        {
            for (var i = 0; i < total; i++)
            {
                await ChatAsync(gateway);
            }
            Assert.That(await CountAsync(database, "select count(*) from requests"), Is.Zero, "the writer is still filling its batch");
        }
        finally
        {
            await gateway.DisposeAsync();
        }

        Assert.That(await CountAsync(database, "select count(*) from requests"), Is.EqualTo(total));
        Assert.That(SpooledLines(), Is.Zero);
    }

    private Task<GatewayHost> StartGatewayAsync(string connectionString, params string[] more) =>
        GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": { "openai": { "Kind": "openai", "BaseUrl": "{{_provider.Url}}/v1", "ApiKey": "k" } },
                "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini", "Price": { "InputPerMTok": 2.5, "OutputPerMTok": 10 } } ] } },
                "Keys": {{GatewayHost.KeysJson}}
              }
            }
            """, extraArgs:
        [
            "--ConnectionStrings:Gateway", connectionString,
            "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1"),
            "--Gateway:Database:StartupWaitSeconds", "5",
            "--Gateway:Database:HealthCheckSeconds", "0.5",
            "--Gateway:Usage:SpoolDirectory", _spool,
            "--Gateway:Usage:MaxBatchDelaySeconds", "0.02",
            "--Gateway:Usage:BatchSize", "10",
            "--Gateway:Usage:MaxRetryDelaySeconds", "0.5",
            .. more,
        ]);

    private static async Task<string> ChatAsync(GatewayHost gateway)
    {
        using var response = await gateway.PostChatAsync(GatewayHost.HiChatBody("chat"));
        Assert.That((int)response.StatusCode, Is.EqualTo(200), "the gateway serves while its database is away");
        return response.Headers.GetValues("x-request-id").Single();
    }

    private int SpooledLines()
    {
        var lines = 0;
        foreach (var path in Directory.GetFiles(_spool, "*.spool"))
        {
            lines += File.ReadAllBytes(path).Count(b => b == (byte)'\n');
        }
        return lines;
    }

    /// <summary>A count, retried while the database's connections recover from a restart.</summary>
    private static async Task<long> CountAsync(TestDatabase database, string sql, params object[] parameters)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await database.ScalarAsync<long>(sql, parameters);
            }
            catch (NpgsqlException) when (attempt < 20)
            {
                NpgsqlConnection.ClearAllPools();
                await Task.Delay(100);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Task load)
    {
        while (!condition())
        {
            if (load.IsCompleted)
            {
                await load;
                return;
            }
            await Task.Delay(5);
        }
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within) => Eventually.HoldsAsync(condition, within, TimeSpan.FromMilliseconds(100));
}
