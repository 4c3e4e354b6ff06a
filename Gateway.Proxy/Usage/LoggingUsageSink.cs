using Gateway.Proxy.Logging.AccessLog;

namespace Gateway.Proxy.Usage;

/// <summary>
/// The usage sink without a database: one line per request in the console log (event <c>UsageRecorded</c>, this
/// class's category), written off the request path by <see cref="AccessLogWriter"/>.
/// </summary>
internal sealed class LoggingUsageSink : IUsageSink
{
    private readonly AccessLogWriter _lines;

    public LoggingUsageSink(AccessLogWriter lines)
    {
        _lines = lines;
    }

    public void Record(UsageRecord record) => _lines.Write(record);
}
