using Gateway.Proxy.Usage;
using Microsoft.Extensions.Logging.Console;

namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>
/// The per-request usage line, at a few microseconds. Logged directly, each line cost a hand-over to the console
/// logger's thread (a wake-up per line) and a write system call or two per line (bench/README.md). Here the request's
/// thread formats the line with the console's own formatter (text, or json with <c>Gateway:Logging:Format</c>: the
/// same category, event id, fields and scopes as before) into UTF-8 and appends it to a bounded buffer
/// (<see cref="AccessLogOptions.MaxQueuedBytes"/>: past it lines are dropped and counted, never waited for); one
/// background thread wakes at most once per <see cref="AccessLogOptions.FlushMilliseconds"/> and writes whatever
/// gathered in one go.
/// </summary>
internal sealed class AccessLogWriter : IDisposable
{
    private static readonly TimeSpan DropReportInterval = TimeSpan.FromSeconds(10);

    [ThreadStatic]
    private static AccessLogLine? t_line;

    private readonly AccessLogBuffer _buffer = new();
    private readonly List<AccessLogBuffer.Segment> _batch = [];
    private readonly Lock _gate = new();
    private readonly Lock _writing = new();
    private readonly IOptionsMonitor<AccessLogOptions> _options;
    private readonly ILogger _usageLogger;
    private readonly ILogger<AccessLogWriter> _logger;
    private readonly AccessLogScopes _scopes;
    private readonly ConsoleFormatter? _formatter;
    private readonly IAccessLogOutput _output;
    private readonly TimeProvider _time;
    private readonly ManualResetEventSlim _pending = new(false);
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly Thread _thread;
    private long _dropped;
    private long _droppedReported;
    private long _lastDropReport;
    private volatile bool _stopping;

    public AccessLogWriter(
        IOptionsMonitor<AccessLogOptions> options, ILoggerFactory loggers, AccessLogScopes scopes, IEnumerable<ConsoleFormatter> formatters,
        IOptions<ConsoleLoggerOptions> console, IAccessLogOutput output, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(console);
        _options = options;
        _usageLogger = loggers.CreateLogger(AccessLogLine.Category);
        _logger = loggers.CreateLogger<AccessLogWriter>();
        _scopes = scopes;
        _formatter = Formatter(formatters, console.Value.FormatterName ?? ConsoleFormatterNames.Simple);
        _output = output;
        _time = time;
        _thread = new Thread(Run) { IsBackground = true, Name = "gateway-access-log" };
        _thread.Start();
    }

    /// <summary>Lines dropped (buffer full, or a line the formatter failed on) since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Formats and queues the line of <paramref name="record"/> if access lines are on and it is sampled; never blocks on output.</summary>
    public void Write(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var options = _options.CurrentValue;
        if (!options.Enabled || _formatter is not { } formatter || _stopping || !_usageLogger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        if (options.SampleRate < 1.0 && !AccessLogSampling.Keeps(options, record.Status, Random.Shared.NextDouble()))
        {
            return;
        }
        ReadOnlySpan<byte> line;
        try
        {
            line = (t_line ??= new AccessLogLine()).Format(formatter, record, _scopes.Provider);
        }
#pragma warning disable CA1031 // A line the formatter cannot write is dropped; the request never sees it.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        bool first;
        lock (_gate)
        {
            first = _buffer.Length == 0;
            if (!_buffer.TryAppend(line, options.MaxQueuedBytes))
            {
                _dropped++;
                return;
            }
        }
        if (first)
        {
            _pending.Set();
        }
    }

    /// <summary>Writes every waiting line now (shutdown; tests).</summary>
    public void Flush()
    {
        lock (_writing)
        {
            lock (_gate)
            {
                _buffer.TakeAll(_batch);
            }
            try
            {
                foreach (var segment in _batch)
                {
                    _output.Write(segment.Span);
                }
            }
            catch (IOException)
            {
                // Standard output is gone (a closed pipe): nothing else could be logged either.
            }
            catch (ObjectDisposedException)
            {
            }
            lock (_gate)
            {
                _buffer.Return(_batch);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _stop.Set();
        _pending.Set();
        _thread.Join(TimeSpan.FromSeconds(5));
        Flush();
        _pending.Dispose();
        _stop.Dispose();
    }

    private static ConsoleFormatter? Formatter(IEnumerable<ConsoleFormatter> formatters, string name)
    {
        ConsoleFormatter? simple = null;
        foreach (var formatter in formatters)
        {
            if (formatter.Name == name)
            {
                return formatter;
            }
            if (formatter.Name == ConsoleFormatterNames.Simple)
            {
                simple = formatter;
            }
        }
        return simple;
    }

    private void Run()
    {
        while (!_stopping)
        {
            _pending.Wait();
            // Let the batch gather: under load a flush interval's worth of lines goes out in one write.
            _stop.Wait(_options.CurrentValue.FlushMilliseconds);
            _pending.Reset();
            Flush();
            ReportDrops();
        }
    }

    /// <summary>A warning when lines were dropped, at most once per ten seconds.</summary>
    private void ReportDrops()
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped == _droppedReported)
        {
            return;
        }
        var now = _time.GetTimestamp();
        if (_lastDropReport != 0 && _time.GetElapsedTime(_lastDropReport, now) < DropReportInterval)
        {
            return;
        }
        GatewayLog.AccessLinesDropped(_logger, dropped - _droppedReported, _options.CurrentValue.MaxQueuedBytes);
        _droppedReported = dropped;
        _lastDropReport = now;
    }
}
