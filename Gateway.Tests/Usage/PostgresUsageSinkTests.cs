using Gateway.Data.Usage;
using Gateway.Proxy.Metrics;
using Gateway.Proxy.Options;
using Gateway.Proxy.Usage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Usage;

/// <summary>The request path never waits for the database and never drops a record: a full queue spills to the spool.</summary>
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
            var sink = new PostgresUsageSink(Options.Create(new UsageOptions { QueueCapacity = 16 }), spool, new UsageWriterMetrics(), NullLogger<PostgresUsageSink>.Instance);

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

    private static UsageRecord Record(string id) => new()
    {
        Id = id,
        CreatedAt = DateTimeOffset.UtcNow,
        RequestedModel = "chat",
        Status = 200,
    };
}
