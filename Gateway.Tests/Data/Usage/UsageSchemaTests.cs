using System.Globalization;
using Npgsql;

namespace Gateway.Tests.Data.Usage;

[TestFixture]
public sealed class UsageSchemaTests : DatabaseTest
{
    [Test]
    public async Task Monthly_partitions_exist_for_this_month_and_next()
    {
        var thisMonth = new DateTime(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var month in new[] { thisMonth, thisMonth.AddMonths(1) })
        {
            var suffix = month.ToString("'_y'yyyy'm'MM", CultureInfo.InvariantCulture);
            foreach (var parent in new[] { "requests", "usage_events" })
            {
                var bound = await Database.ScalarAsync<string>(
                    "select pg_get_expr(c.relpartbound, c.oid) from pg_class c join pg_inherits i on i.inhrelid = c.oid " +
                    "where i.inhparent = $1::regclass and c.relname = $2",
                    parent,
                    parent + suffix);
                Assert.That(bound, Does.StartWith($"FOR VALUES FROM ('{month:yyyy-MM-dd} 00:00:00+00')"), parent + suffix);
            }
        }
    }

    [Test]
    public async Task Ensuring_partitions_creates_only_the_missing_ones()
    {
        var created = await Database.ScalarAsync<int>("select ensure_month_partitions('2031-05-17', 3)");
        var again = await Database.ScalarAsync<int>("select ensure_month_partitions('2031-06-01', 3)");

        Assert.That((created, again), Is.EqualTo((9, 3)), "three partitioned tables: requests, usage_events, request_bodies");
        Assert.That(await Database.ScalarAsync<bool>("select to_regclass('requests_y2031m08') is not null"), Is.True);
        await AsyncAssert.ThrowsAsync<PostgresException>(() => Database.ScalarAsync<int>("select ensure_month_partitions('2031-05-01', 0)"));
    }

    [Test]
    public async Task A_usage_record_lands_in_its_month_and_an_unplanned_month_in_the_default_partition()
    {
        await Database.ExecuteAsync(
            """
            insert into requests (id, requested_model, provider_id, served_model, status, prompt_tokens, completion_tokens,
                                  cost, latency_ms, ttft_ms, stream, client_ip, routing_decision, attempts)
            values ($1, 'smart', 'openai', 'gpt-4o', 200, 12, 34, 0.000123, 850, 120, true, '127.0.0.1',
                    '{"strategy":"failover"}', '[{"provider":"openai","status":200}]')
            """,
            "gen-now");
        await Database.ExecuteAsync(
            "insert into requests (id, created_at, requested_model, status, latency_ms) values ($1, '1999-01-01Z', 'm', 500, 1)", "gen-old");

        var partition = await Database.ScalarAsync<string>("select tableoid::regclass::text from requests where id = 'gen-now'");
        var oldPartition = await Database.ScalarAsync<string>("select tableoid::regclass::text from requests where id = 'gen-old'");

        Assert.That(partition, Is.EqualTo("requests" + DateTime.UtcNow.ToString("'_y'yyyy'm'MM", CultureInfo.InvariantCulture)));
        Assert.That(oldPartition, Is.EqualTo("requests_default"));
    }

    [TestCase("status", "99", "requests_status_http")]
    [TestCase("prompt_tokens", "-1", "requests_tokens_non_negative")]
    [TestCase("cost", "-0.01", "requests_cost_non_negative")]
    [TestCase("ttft_ms", "-5", "requests_latencies_non_negative")]
    [TestCase("attempts", "'{}'::jsonb", "requests_attempts_array")]
    public async Task A_request_row_with_an_impossible_value_is_rejected(string column, string value, string constraint)
    {
        var sql = column == "status"
            ? $"insert into requests (id, requested_model, status, latency_ms) values ('bad', 'm', {value}, 1)"
            : $"insert into requests (id, requested_model, status, latency_ms, {column}) values ('bad', 'm', 200, 1, {value})";

        var error = await AsyncAssert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync(sql));

        Assert.That(error!.ConstraintName, Is.EqualTo(constraint));
    }

    [Test]
    public async Task A_usage_event_with_negative_cost_is_rejected()
    {
        var error = await AsyncAssert.ThrowsAsync<PostgresException>(() => Database.ExecuteAsync(
            "insert into usage_events (request_id, provider_id, model, cost) values ('r', 'p', 'm', -1)"));

        Assert.That(error!.ConstraintName, Is.EqualTo("usage_events_cost_non_negative"));
    }
}
