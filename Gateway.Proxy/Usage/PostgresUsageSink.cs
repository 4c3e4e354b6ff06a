using System.Threading.Channels;
using Gateway.Data.Usage;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Metrics;

namespace Gateway.Proxy.Usage;

/// <summary>
/// The usage sink with a database: records go onto a bounded queue that <see cref="UsageWriterService"/> drains in
/// batches. Nothing here waits for the database. When the queue is full (the writer cannot keep up, or has stopped),
/// the record is appended to the spool on the caller's thread instead: slower for that one request, not dropped unless
/// the spool is at its cap (<see cref="Options.UsageOptions.MaxSpoolBytes"/>) or the disk refuses it; then it is counted lost and logged.
/// </summary>
internal sealed class PostgresUsageSink : IUsageSink
{
    private readonly Channel<UsageRecord> _queue;
    private readonly UsageSpool _spool;
    private readonly UsageWriterMetrics _metrics;
    private readonly ILogger<PostgresUsageSink> _logger;
    private long _spilled;

    public PostgresUsageSink(IOptions<UsageOptions> options, UsageSpool spool, UsageWriterMetrics metrics, ILogger<PostgresUsageSink> logger)
    {
        _queue = Channel.CreateBounded<UsageRecord>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _spool = spool;
        _metrics = metrics;
        _logger = logger;
    }

    public ChannelReader<UsageRecord> Reader => _queue.Reader;

    public void Record(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_queue.Writer.TryWrite(record))
        {
            return;
        }
        // The first spill and every thousandth after it: an overloaded writer must not also flood the log.
        if (Interlocked.Increment(ref _spilled) % 1000 == 1)
        {
            GatewayLog.UsageQueueFull(_logger, record.Id);
        }
        try
        {
            if (_spool.Append([UsageRowMapper.Map(record)]) == 1)
            {
                _metrics.Spooled("queue_full", 1);
                return;
            }
            // The spool is at its cap: lost, counted and logged with its id.
            _metrics.Lost(spoolFull: true, 1);
            GatewayLog.UsageRecordLost(_logger, record.Id, UsageWriterService.SpoolFullReason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The disk refused too: lost, counted and logged with its id.
            _metrics.Lost(spoolFull: false, 1);
            GatewayLog.UsageRecordLost(_logger, record.Id, ex.Message);
        }
    }

    /// <summary>No more records will be queued: later ones go straight to the spool.</summary>
    public void Complete() => _queue.Writer.TryComplete();
}
