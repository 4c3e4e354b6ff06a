using System.Text;
using Gateway.Policies.Diagnostics;
using Gateway.Proxy.Usage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>
/// Formats one usage line with a console formatter, as the console logger would (same category, event id, fields and
/// scopes), into UTF-8. One per thread: its buffers are reused, so a line allocates only what the formatter does.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A StringWriter over a StringBuilder holds nothing to release; one lives per thread.")]
internal sealed class AccessLogLine
{
    public static readonly EventId Event = new(GatewayEventIds.UsageRecorded, nameof(GatewayLog.UsageRecorded));
    public static readonly string Category = typeof(LoggingUsageSink).FullName!;

    private const int KeptChars = 16 * 1024;

    private readonly AccessLogState _state = new();
    private StringWriter _text = new(CultureInfo.InvariantCulture);
    private byte[] _utf8 = new byte[1024];

    /// <summary>The line (with its newline); valid until this thread formats the next.</summary>
    public ReadOnlySpan<byte> Format(ConsoleFormatter formatter, UsageRecord record, IExternalScopeProvider? scopes)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var text = _text.GetStringBuilder();
        text.Clear();
        _state.Record = record;
        try
        {
            formatter.Write(new LogEntry<AccessLogState>(LogLevel.Information, Category, Event, _state, null, AccessLogState.Format), scopes, _text);
        }
        finally
        {
            _state.Record = null!;
        }
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < max)
        {
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        }
        var length = 0;
        foreach (var chunk in text.GetChunks())
        {
            length += Encoding.UTF8.GetBytes(chunk.Span, _utf8.AsSpan(length));
        }
        var line = _utf8.AsSpan(0, length);
        if (text.Capacity > KeptChars)
        {
            // One huge line (a long model name) should not pin its buffers for good.
            _text = new StringWriter(CultureInfo.InvariantCulture);
            line = line.ToArray();
            _utf8 = new byte[1024];
        }
        return line;
    }
}
