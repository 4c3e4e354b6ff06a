namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>Where <see cref="AccessLogWriter"/> puts its batches: whole lines of UTF-8, many at a time.</summary>
internal interface IAccessLogOutput
{
    void Write(ReadOnlySpan<byte> lines);
}
