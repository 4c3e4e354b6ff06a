using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Gateway.Proxy.Logging;

/// <summary>
/// One JSON object a line for log aggregators: <c>timestamp</c> (UTC, ISO 8601), <c>level</c>, <c>event_id</c>,
/// <c>event_name</c>, <c>category</c>, <c>message</c>, <c>exception</c>; inside a request, its <c>gen-…</c> id as
/// <c>request_id</c> and the W3C trace as <c>trace_id</c> and <c>span_id</c>; then the message's structured values
/// under <c>fields</c> and the other scope values (ASP.NET's <c>RequestPath</c>, its connection-level
/// <c>RequestId</c>, …) under <c>scope</c>. It writes only what the log call and its scopes carry, as the text
/// format does. ASP.NET's own JSON formatter nests the request and trace ids in a <c>Scopes</c> array, which
/// aggregators cannot index without a parsing rule; hence this one.
/// </summary>
internal sealed class GatewayJsonConsoleFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "gateway-json";

    private const string OriginalFormat = "{OriginalFormat}";
    private const string TraceIdKey = "TraceId";
    private const string SpanIdKey = "SpanId";

    // Log lines are not embedded in HTML: keep '+', quotes and non-ASCII text readable. Control characters are
    // still escaped, so a message with a newline stays on one line.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private readonly TimeProvider _time = time;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", _time.GetUtcNow());
            json.WriteString("level", LevelName(logEntry.LogLevel));
            json.WriteNumber("event_id", logEntry.EventId.Id);
            if (logEntry.EventId.Name is { } eventName)
            {
                json.WriteString("event_name", eventName);
            }
            json.WriteString("category", logEntry.Category);
            json.WriteString("message", message);
            WriteRequestIds(json, scopeProvider);
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> fields && HasFields(fields))
            {
                json.WriteStartObject("fields");
                foreach (var (key, value) in fields)
                {
                    if (key != OriginalFormat)
                    {
                        WriteValue(json, key, value);
                    }
                }
                json.WriteEndObject();
            }
            WriteOtherScopes(json, scopeProvider);
            json.WriteEndObject();
        }
        WriteLine(buffer.WrittenSpan, textWriter);
    }

    /// <summary>The request's id and trace from the scopes, as top-level fields.</summary>
    private static void WriteRequestIds(Utf8JsonWriter json, IExternalScopeProvider? scopeProvider)
    {
        if (scopeProvider is null)
        {
            return;
        }
        var ids = new RequestIds();
        scopeProvider.ForEachScope(static (scope, ids) =>
        {
            if (scope is RequestLogScope request)
            {
                ids.RequestId = request.RequestId;
            }
            else if (scope is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key == TraceIdKey)
                    {
                        ids.TraceId = value?.ToString();
                    }
                    else if (key == SpanIdKey)
                    {
                        ids.SpanId = value?.ToString();
                    }
                }
            }
        }, ids);
        WriteIfSet(json, "request_id", ids.RequestId);
        WriteIfSet(json, "trace_id", ids.TraceId);
        WriteIfSet(json, "span_id", ids.SpanId);
    }

    /// <summary>Every other scope value (ASP.NET's request path and connection ids, ...) under <c>scope</c>.</summary>
    private static void WriteOtherScopes(Utf8JsonWriter json, IExternalScopeProvider? scopeProvider)
    {
        if (scopeProvider is null)
        {
            return;
        }
        var wroteScope = false;
        scopeProvider.ForEachScope((scope, writer) =>
        {
            if (scope is RequestLogScope || scope is null)
            {
                return;
            }
            if (!wroteScope)
            {
                writer.WriteStartObject("scope");
                wroteScope = true;
            }
            if (scope is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key is not (TraceIdKey or SpanIdKey or OriginalFormat))
                    {
                        WriteValue(writer, key, value);
                    }
                }
            }
            else
            {
                writer.WriteString("Scope", scope.ToString());
            }
        }, json);
        if (wroteScope)
        {
            json.WriteEndObject();
        }
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static bool HasFields(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Key != OriginalFormat)
            {
                return true;
            }
        }
        return false;
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case string text:
                json.WriteString(name, text);
                break;
            case bool flag:
                json.WriteBoolean(name, flag);
                break;
            case int number:
                json.WriteNumber(name, number);
                break;
            case long number:
                json.WriteNumber(name, number);
                break;
            case double number when double.IsFinite(number):
                json.WriteNumber(name, number);
                break;
            case float number when float.IsFinite(number):
                json.WriteNumber(name, number);
                break;
            case decimal number:
                json.WriteNumber(name, number);
                break;
            case DateTimeOffset time:
                json.WriteString(name, time);
                break;
            case DateTime time:
                json.WriteString(name, time);
                break;
            case IFormattable formattable:
                json.WriteString(name, formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(name, value.ToString());
                break;
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "Trace",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Critical => "Critical",
        _ => "None",
    };

    private static void WriteLine(ReadOnlySpan<byte> utf8, TextWriter textWriter)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            var count = Encoding.UTF8.GetChars(utf8, chars);
            textWriter.Write(chars, 0, count);
            textWriter.Write(Environment.NewLine);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private sealed class RequestIds
    {
        public string? RequestId { get; set; }

        public string? TraceId { get; set; }

        public string? SpanId { get; set; }
    }
}
