using Gateway.Data.Usage;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Options;
using Gateway.Proxy.Usage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Usage;

/// <summary>The request path never waits for the database: a full queue spills to the spool, and only past the spool's cap is a record lost (counted and logged).</summary>
[TestFixture]
public sealed class PostgresUsageSinkTests
{
    [Test]
    public void Spills_to_the_spool_on_the_callers_thread_when_the_queue_is_full_or_closed()
    {
        var directory = Directory.CreateTempSubdirectory("gw-sink-spool-").FullName;
        try
        {
            using var spool = new UsageSpool(directory);
            var sink = new PostgresUsageSink(Options.Create(new UsageOptions { QueueCapacity = 16 }), spool, new UsageWriterMetrics(MetricsRegistry.Default), NullLogger<PostgresUsageSink>.Instance);

            for (var i = 0; i < 20; i++)
            {
                sink.Record(Record($"gen-1-full-{i}"));
            }
            sink.Complete();
            sink.Record(Record("gen-1-after-stop"));

            Assert.That(sink.Reader.Count, Is.EqualTo(16));
            Assert.That(spool.PendingRecords, Is.EqualTo(5), "four over capacity, one after the writer stopped");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task Counts_and_logs_a_record_the_full_spool_refuses_as_lost()
    {
        var directory = Directory.CreateTempSubdirectory("gw-sink-spool-").FullName;
        try
        {
            using var spool = new UsageSpool(directory, maxBytes: 4096);
            var logger = new ListLogger<PostgresUsageSink>();
            var sink = new PostgresUsageSink(Options.Create(new UsageOptions { QueueCapacity = 16 }), spool, new UsageWriterMetrics(MetricsRegistry.Default), logger);
            sink.Complete();
            var lostBefore = await MetricsText.ValueAsync("gateway_usage_records_lost_total{reason=\"spool_full\"}");

            for (var i = 0; i < 40; i++)
            {
                sink.Record(Record($"gen-1-spill-{i}"));
            }

            var lost = 40 - (int)spool.PendingRecords;
            Assert.That(spool.PendingBytes, Is.LessThanOrEqualTo(4096));
            Assert.That(lost, Is.GreaterThan(0));
            Assert.That(await MetricsText.ValueAsync("gateway_usage_records_lost_total{reason=\"spool_full\"}") - lostBefore, Is.EqualTo(lost));
            var lines = logger.Entries.Where(entry => entry.Id.Id == Gateway.Policies.Diagnostics.GatewayEventIds.UsageRecordLost).ToList();
            Assert.That(lines, Has.Count.EqualTo(lost));
            Assert.That(lines[^1].Message, Does.Contain("gen-1-spill-39").And.Contain("spool is full"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static UsageRecord Record(string id) => new()
    {
        Id = id,
        CreatedAt = DateTimeOffset.UtcNow,
        RequestedModel = "chat",
        Status = 200,
    };
}
