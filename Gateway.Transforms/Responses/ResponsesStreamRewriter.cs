using Gateway.Transforms.Streaming;

namespace Gateway.Transforms.Responses;

/// <summary>
/// Passes a provider's Responses API stream through event by event: every event as the provider sent it but for the ids in
/// its <c>response</c> object (<see cref="ResponseJsonRewriter"/>); usage read from the terminal event, text and argument
/// deltas counted for the first token and for estimates. A provider's <c>error</c> or <c>response.failed</c> event is
/// passed on and recorded; a stream that breaks off before a terminal event ends with an <c>error</c> event.
/// </summary>
public sealed class ResponsesStreamRewriter : SseEventTranscoder
{
    private readonly ResponseOutcome _outcome;
    private readonly ResponseIdMap _ids;
    private readonly Action<ReadOnlyMemory<byte>>? _finished;
    private readonly PooledByteBufferWriter _event = new(2048);
    private readonly Utf8JsonWriter _json;
    private long _lastSequence = -1;

    /// <param name="finished">Called once with the final response object (completed or incomplete), for storing it.</param>
    public ResponsesStreamRewriter(ResponseContext context, ResponseOutcome outcome, in ResponseIdMap ids, Action<ReadOnlyMemory<byte>>? finished = null)
        : base(context, outcome, validateUtf8: true)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _outcome = outcome;
        _ids = ids;
        _finished = finished;
        _json = new Utf8JsonWriter(_event, JsonWriting.Options);
    }

    protected override void OnUpstreamEnd(IBufferWriter<byte> output) =>
        Fail(new GatewayError(502, GatewayErrorTypes.Upstream,
            $"Provider '{Context.ProviderId}' ended its stream before the response completed.", "upstream_stream_broken"), output);

    protected override void WriteError(GatewayError error, IBufferWriter<byte> output)
    {
        _event.Reset();
        _json.Reset(_event);
        _json.WriteStartObject();
        _json.WriteString("type"u8, "error"u8);
        _json.WriteNumber("sequence_number"u8, _lastSequence + 1);
        _json.WriteString("code"u8, error.Code);
        _json.WriteString("message"u8, error.Message);
        _json.WriteNull("param"u8);
        _json.WriteEndObject();
        _json.Flush();
        ResponsesSse.WriteEvent(output, "error"u8, _event.WrittenSpan);
    }

    protected override void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (data.IsEmpty)
        {
            return;
        }
        try
        {
            Rewrite(eventType, data, output);
        }
        catch (JsonException)
        {
            Fail(Malformed(), output);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _json.Dispose();
            _event.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Rewrite(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            Fail(Malformed(), output);
            return;
        }
        _event.Reset();
        _json.Reset(_event);
        _json.WriteStartObject();
        var kind = EventKind.Other;
        int responseStart = -1, responseEnd = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isResponse = reader.ValueTextEquals("response"u8);
            var isDelta = reader.ValueTextEquals("delta"u8);
            var isSequence = reader.ValueTextEquals("sequence_number"u8);
            UsageJsonWriter.CopyPropertyName(ref reader, data, _json);
            reader.Read();
            if (isResponse && reader.TokenType == JsonTokenType.StartObject)
            {
                _json.Flush();
                responseStart = _event.WrittenCount;
                ResponseJsonRewriter.RewriteResponse(ref reader, data, _json, _ids, _outcome);
                _json.Flush();
                responseEnd = _event.WrittenCount;
                continue;
            }
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                kind = Classify(ref reader);
            }
            else if (isDelta && reader.TokenType == JsonTokenType.String)
            {
                _outcome.GeneratedBytes += reader.ValueSpan.Length;
            }
            else if (isSequence && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var sequence))
            {
                _lastSequence = sequence;
            }
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            _json.WriteRawValue(data[start..(int)reader.BytesConsumed], skipInputValidation: true);
        }
        _json.WriteEndObject();
        _json.Flush();
        if (kind == EventKind.Delta)
        {
            _outcome.MarkFirstToken();
        }
        if (eventType.IsEmpty)
        {
            output.Write("data: "u8);
            output.Write(_event.WrittenSpan);
            output.Write("\n\n"u8);
        }
        else
        {
            ResponsesSse.WriteEvent(output, eventType, _event.WrittenSpan);
        }
        switch (kind)
        {
            case EventKind.Done:
                End();
                if (responseStart >= 0)
                {
                    _finished?.Invoke(_event.WrittenMemory[responseStart..responseEnd]);
                }
                break;
            case EventKind.Failed:
                _outcome.StreamError ??= new GatewayError(502, GatewayErrorTypes.Upstream, $"Provider '{Context.ProviderId}' reported that the response failed.", "upstream_error");
                End();
                break;
            case EventKind.Error:
                _outcome.StreamError ??= new GatewayError(502, GatewayErrorTypes.Upstream, $"Provider '{Context.ProviderId}' reported an error mid-stream.", "upstream_error");
                End();
                break;
        }
    }

    private static EventKind Classify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("response.output_text.delta"u8) || reader.ValueTextEquals("response.function_call_arguments.delta"u8)
            || reader.ValueTextEquals("response.refusal.delta"u8) || reader.ValueTextEquals("response.reasoning_summary_text.delta"u8)
            ? EventKind.Delta
            : reader.ValueTextEquals("response.completed"u8) || reader.ValueTextEquals("response.incomplete"u8) ? EventKind.Done
            : reader.ValueTextEquals("response.failed"u8) ? EventKind.Failed
            : reader.ValueTextEquals("error"u8) ? EventKind.Error
            : EventKind.Other;

    private enum EventKind
    {
        Other,
        Delta,
        Done,
        Failed,
        Error,
    }
}
