using System.Diagnostics;
using Gateway.Data.Usage;
using Gateway.Proxy.Hosting;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Metrics;
using Npgsql;

namespace Gateway.Proxy.Usage;

/// <summary>
/// Drains the usage queue into PostgreSQL in batches (<see cref="UsageBatchWriter"/>: COPY, then an idempotent insert).
/// A batch the database does not take is appended to the spool, and so is every later batch until the spool has been
/// replayed, which keeps records in order; replay is retried with a capped backoff and doubles as the database's health
/// probe. Monthly partitions are ensured at start and daily. At shutdown the queue is drained, to the database if it is
/// up, else to the spool.
/// </summary>
internal sealed class UsageWriterService : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PartitionInterval = TimeSpan.FromDays(1);

    private readonly PostgresUsageSink _sink;
    private readonly UsageBatchWriter _writer;
    private readonly UsageSpool _spool;
    private readonly IOptionsMonitor<UsageOptions> _options;
    private readonly IOptionsMonitor<ShutdownOptions> _shutdown;
    private readonly UsageWriterMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageWriterService> _logger;
    private readonly CancellationTokenSource _hardStop = new();
    private TimeSpan _retryDelay = FirstRetryDelay;
    private long _nextRetry;
    private bool _databaseDown;
    private DateTimeOffset _nextPartitionCheck;

    public UsageWriterService(
        PostgresUsageSink sink, UsageBatchWriter writer, UsageSpool spool, IOptionsMonitor<UsageOptions> options, IOptionsMonitor<ShutdownOptions> shutdown,
        UsageWriterMetrics metrics, TimeProvider time, ILogger<UsageWriterService> logger)
    {
        _shutdown = shutdown;
        _sink = sink;
        _writer = writer;
        _spool = spool;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public override void Dispose()
    {
        // The base cancels the stopping token, whose callback arms _hardStop: a host that failed to start (its port
        // taken) disposes without a stop, and disposing _hardStop first made that callback throw out of Dispose.
        base.Dispose();
        _hardStop.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Writes in flight when the writer stops (after the server has drained) get a grace period
        // (Gateway:Shutdown:UsageFlushSeconds); past it what is left is spooled.
        using var stopping = stoppingToken.Register(() => _hardStop.CancelAfter(TimeSpan.FromSeconds(_shutdown.CurrentValue.UsageFlushSeconds)));
        var options = _options.CurrentValue;
        GatewayLog.UsageWriterStarted(_logger, options.BatchSize, _spool.Directory, _spool.PendingRecords);
        UpdateSpoolGauges();
        var batch = new UsageBatch();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await EnsurePartitionsIfDueAsync(stoppingToken).ConfigureAwait(false);
                if ((_spool.HasPending || _databaseDown) && RetryDue())
                {
                    // With nothing spooled (the disk refused it too), the next batch is the probe.
                    Outcome(!_spool.HasPending || await ReplayAsync(_hardStop.Token).ConfigureAwait(false));
                }
                await ReadBatchAsync(batch, WaitLimit(), stoppingToken).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    await WriteOrSpoolAsync(batch, "database_down").ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await DrainAsync(batch).ConfigureAwait(false);
    }

    /// <summary>Writes the batch unless the database is down or older records wait in the spool; then spools it.</summary>
    private async Task WriteOrSpoolAsync(UsageBatch batch, string spoolReason)
    {
        if (_databaseDown || _spool.HasPending)
        {
            Spool(RowsOf(batch), spoolReason, "older records are waiting in the spool");
            batch.Clear();
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _writer.WriteAsync(batch, _hardStop.Token).ConfigureAwait(false);
            _metrics.BatchWritten(batch.Count, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception ex)
        {
            _metrics.BatchFailed();
            Outcome(false);
            Spool(RowsOf(batch), spoolReason, $"{ex.GetType().Name}: {ex.Message}");
        }
        batch.Clear();
    }

    /// <summary>Replays every closed segment, oldest first; false when the database failed meanwhile (retried later).</summary>
    private async Task<bool> ReplayAsync(CancellationToken cancellationToken)
    {
        // The segment being appended to is closed first, so everything spooled so far is replayed in order.
        _spool.Seal();
        var batchSize = _options.CurrentValue.BatchSize;
        var rows = new List<UsageRow>(batchSize);
        foreach (var path in _spool.Segments())
        {
            using var segment = _spool.TryOpen(path);
            if (segment is null)
            {
                // Another live process is still writing this one: it replays its own.
                _spool.Forget(path);
                continue;
            }
            int total = 0, inserted = 0;
            try
            {
                while (segment.ReadBatch(rows, batchSize))
                {
                    var started = Stopwatch.GetTimestamp();
                    int added;
                    try
                    {
                        added = await _writer.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
                    }
                    catch (PostgresException ex) when (IsRefusal(ex))
                    {
                        added = await WriteOneByOneAsync(rows, cancellationToken).ConfigureAwait(false);
                    }
                    _metrics.BatchWritten(added, Stopwatch.GetElapsedTime(started).TotalSeconds);
                    _metrics.Replayed(rows.Count);
                    inserted += added;
                    total += rows.Count;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Rows of this segment already committed are skipped as duplicates when it is replayed again.
                var failed = Path.GetFileName(path);
                GatewayLog.UsageReplayFailed(_logger, failed, $"{ex.GetType().Name}: {ex.Message}");
                _metrics.BatchFailed();
                return false;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            var torn = segment.TornLines;
            var name = Path.GetFileName(path);
            _metrics.TornLines(torn);
            _spool.Complete(segment);
            _metrics.SegmentReplayed();
            UpdateSpoolGauges();
            GatewayLog.UsageSpoolReplayed(_logger, name, total, inserted, torn);
        }
        return true;
    }

    /// <summary>
    /// A batch the database refused for its data (not for being away): written row by row, and the rows it refuses
    /// set aside in the spool's rejected file, so one bad row cannot stall the spool and everything behind it.
    /// </summary>
    private async Task<int> WriteOneByOneAsync(List<UsageRow> rows, CancellationToken cancellationToken)
    {
        var added = 0;
        foreach (var row in rows)
        {
            try
            {
                added += await _writer.WriteAsync([row], cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (IsRefusal(ex))
            {
                _spool.Reject(row);
                _metrics.Rejected();
                GatewayLog.UsageRecordRejected(_logger, row.Id, ex.SqlState, Path.Combine(_spool.Directory, UsageSpool.RejectedFile));
            }
        }
        return added;
    }

    /// <summary>Data exceptions (22) and integrity violations (23): the row itself is at fault, retrying will not help.</summary>
    private static bool IsRefusal(PostgresException ex) => ex.SqlState.StartsWith("22", StringComparison.Ordinal) || ex.SqlState.StartsWith("23", StringComparison.Ordinal);

    /// <summary>At shutdown: no more records are queued (late ones go to the spool); what is queued is written or spooled.</summary>
    private async Task DrainAsync(UsageBatch batch)
    {
        _sink.Complete();
        var size = _options.CurrentValue.BatchSize;
        int drained = 0, spooled = 0;
        // The batch may hold records read just before the stop: they are drained first.
        while (true)
        {
            while (batch.Count < size && _sink.Reader.TryRead(out var record))
            {
                batch.Add(UsageRowMapper.Map(record));
            }
            if (batch.Count == 0)
            {
                break;
            }
            drained += batch.Count;
            if (_databaseDown || _spool.HasPending || _hardStop.IsCancellationRequested)
            {
                spooled += batch.Count;
                Spool(RowsOf(batch), "shutdown", "shutting down with the database unavailable");
                batch.Clear();
                continue;
            }
            var count = batch.Count;
            await WriteOrSpoolAsync(batch, "shutdown").ConfigureAwait(false);
            spooled += _databaseDown ? count : 0;
        }
        _spool.Seal();
        _metrics.QueueDepth(0);
        GatewayLog.UsageWriterStopped(_logger, drained, spooled);
    }

    /// <summary>
    /// Fills <paramref name="batch"/>: waits up to <paramref name="limit"/> for a first record, then up to the batch
    /// delay for more, returning early when the batch is full.
    /// </summary>
    private async Task ReadBatchAsync(UsageBatch batch, TimeSpan limit, CancellationToken stoppingToken)
    {
        var options = _options.CurrentValue;
        var reader = _sink.Reader;
        batch.Clear();
        using (var first = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            first.CancelAfter(limit);
            try
            {
                if (!await reader.WaitToReadAsync(first.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
        // After a write this loop may be on a socket thread (inline completions); turning records into rows belongs elsewhere.
        await SocketThreads.LeaveSocketThread();
        var deadline = _time.GetTimestamp() + (long)(options.MaxBatchDelaySeconds * _time.TimestampFrequency);
        // Within the batch window the queue is looked at every tenth of it instead of waiting for each record: a wait
        // per record woke this loop (and armed a timer) once a request, which at thousands of requests a second cost
        // more than writing the record (bench/README.md, "Usage recording").
        var gather = TimeSpan.FromSeconds(Math.Max(options.MaxBatchDelaySeconds / 10, 0.001));
        while (batch.Count < options.BatchSize)
        {
            // Each record becomes its row's text at once and is then garbage: held as objects for the batch delay,
            // records outlived young-generation collections (UsageBatch).
            while (batch.Count < options.BatchSize && reader.TryRead(out var record))
            {
                batch.Add(UsageRowMapper.Map(record));
            }
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (batch.Count >= options.BatchSize || remaining <= TimeSpan.Zero || reader.Completion.IsCompleted)
            {
                break;
            }
            await Task.Delay(remaining < gather ? remaining : gather, _time, stoppingToken).ConfigureAwait(false);
        }
        _metrics.QueueDepth(reader.Count);
    }

    private async Task EnsurePartitionsIfDueAsync(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        if (now < _nextPartitionCheck)
        {
            return;
        }
        try
        {
            await _writer.EnsurePartitionsAsync(DateOnly.FromDateTime(now.UtcDateTime), _options.CurrentValue.PartitionMonthsAhead, stoppingToken).ConfigureAwait(false);
            _nextPartitionCheck = now + PartitionInterval;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Before the migrations have run, or while the database is away: try again soon.
            GatewayLog.UsagePartitionsFailed(_logger, $"{ex.GetType().Name}: {ex.Message}");
            _nextPartitionCheck = now + TimeSpan.FromSeconds(_options.CurrentValue.MaxRetryDelaySeconds);
        }
    }

    /// <summary>The batch's rows, read back from its text to be spooled.</summary>
    private List<UsageRow> RowsOf(UsageBatch batch)
    {
        var rows = batch.ToRows(out var unreadable);
        if (unreadable > 0)
        {
            _metrics.Lost(spoolFull: false, unreadable);
            GatewayLog.UsageRowsUnreadable(_logger, unreadable);
        }
        return rows;
    }

    private void Spool(List<UsageRow> rows, string reason, string why)
    {
        try
        {
            var taken = _spool.Append(rows);
            if (taken > 0)
            {
                _metrics.Spooled(reason, taken);
                GatewayLog.UsageBatchSpooled(_logger, taken, why);
            }
            Lost(rows, taken, spoolFull: true, SpoolFullReason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Lost(rows, 0, spoolFull: false, ex.Message);
        }
        UpdateSpoolGauges();
    }

    /// <summary>The rows from <paramref name="from"/> on are lost: counted and each logged with its id.</summary>
    private void Lost(List<UsageRow> rows, int from, bool spoolFull, string reason)
    {
        if (from >= rows.Count)
        {
            return;
        }
        _metrics.Lost(spoolFull, rows.Count - from);
        for (var i = from; i < rows.Count; i++)
        {
            GatewayLog.UsageRecordLost(_logger, rows[i].Id, reason);
        }
    }

    /// <summary>Success resets the backoff; failure marks the database down and doubles the wait, up to the cap.</summary>
    private void Outcome(bool succeeded)
    {
        if (succeeded)
        {
            _databaseDown = false;
            _retryDelay = FirstRetryDelay;
            return;
        }
        _databaseDown = true;
        _nextRetry = _time.GetTimestamp() + (long)(_retryDelay.TotalSeconds * _time.TimestampFrequency);
        var cap = TimeSpan.FromSeconds(_options.CurrentValue.MaxRetryDelaySeconds);
        _retryDelay = _retryDelay * 2 > cap ? cap : _retryDelay * 2;
    }

    private bool RetryDue() => _time.GetTimestamp() >= _nextRetry;

    /// <summary>How long to wait for records: until the next retry while the spool waits, else until the next partition check.</summary>
    private TimeSpan WaitLimit()
    {
        var limit = _nextPartitionCheck - _time.GetUtcNow();
        if (_spool.HasPending || _databaseDown)
        {
            var untilRetry = _time.GetElapsedTime(_time.GetTimestamp(), _nextRetry);
            limit = untilRetry < limit ? untilRetry : limit;
        }
        return limit < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : limit;
    }

    private void UpdateSpoolGauges()
    {
        _metrics.SpoolSize(_spool.PendingBytes, _spool.PendingRecords);
        _metrics.SpoolCap(_spool.MaxBytes);
    }

    /// <summary>Why a record the spool refused for its cap is lost (logged with each).</summary>
    internal const string SpoolFullReason = "the spool is full (Usage:MaxSpoolBytes)";
}
