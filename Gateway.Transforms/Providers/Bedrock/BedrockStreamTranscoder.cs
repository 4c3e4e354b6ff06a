using Gateway.Transforms.Streaming;

namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Converts a ConverseStream answer (binary <c>application/vnd.amazon.eventstream</c> messages carrying JSON events) to
/// OpenAI chunks: <c>messageStart</c> → role chunk; <c>contentBlockStart</c> with a toolUse → tool call start;
/// <c>contentBlockDelta</c> text / toolUse input / reasoningContent text → content / argument fragments / reasoning;
/// <c>messageStop</c> → finish chunk; <c>metadata</c> → usage (chunk only when asked) and <c>[DONE]</c>. Exception
/// messages and damaged frames end the stream with an error event.
/// </summary>
internal sealed class BedrockStreamTranscoder : IStreamTranscoder, IEventStreamSink
{
    private readonly ResponseContext _context;
    private readonly ResponseOutcome _outcome;
    private readonly ChatChunkWriter _chunks;
    private readonly BlockStreamWriter _choice;
    private readonly JsonStringScratch _scratch = new();
    private readonly EventStreamDecoder _decoder;
    private IBufferWriter<byte>? _output;
    private bool _finished;
    private bool _ended;

    public BedrockStreamTranscoder(ResponseContext context, ResponseOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        _context = context;
        _outcome = outcome;
        _decoder = new EventStreamDecoder(Math.Min(context.MaxStreamEventBytes, EventStreamDecoder.MaxMessageLength));
        _chunks = new ChatChunkWriter(context);
        _choice = new BlockStreamWriter(_chunks, outcome);
    }

    public void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output)
    {
        if (_ended)
        {
            return;
        }
        _output = output;
        if (!_decoder.Feed(upstream, this) && !_ended)
        {
            Fail(Malformed(_decoder.Error), output);
        }
        _output = null;
    }

    public void Complete(IBufferWriter<byte> output)
    {
        if (_ended)
        {
            return;
        }
        if (_decoder.HasPartialMessage || !_finished)
        {
            Fail(new GatewayError(502, GatewayErrorTypes.Upstream,
                $"Provider '{_context.ProviderId}' ended the stream before the answer was complete.", "upstream_stream_truncated"), output);
            return;
        }
        // The message finished but the metadata event (usage) never came.
        ChatChunkWriter.WriteDone(output);
        End();
    }

    public void Fail(GatewayError error, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (_ended)
        {
            return;
        }
        _outcome.StreamError ??= error;
        _chunks.WriteError(output, error);
        End();
        Failed = true;
    }

    /// <inheritdoc />
    public bool Failed { get; private set; }

    void IEventStreamSink.OnMessage(EventStreamMessage message)
    {
        if (_ended)
        {
            return;
        }
        var output = _output!;
        if (!System.Text.Unicode.Utf8.IsValid(message.Payload))
        {
            Fail(Malformed("an event payload is not valid UTF-8"), output);
            return;
        }
        if (message.MessageType.SequenceEqual("exception"u8))
        {
            Fail(BedrockStreamErrors.FromException(message.ExceptionType, message.Payload, _context.ProviderId), output);
            return;
        }
        if (message.MessageType.SequenceEqual("error"u8))
        {
            Fail(BedrockStreamErrors.FromError(message.ErrorCode, message.ErrorMessage, _context.ProviderId), output);
            return;
        }

        try
        {
            var type = message.EventType;
            if (type.SequenceEqual("contentBlockDelta"u8))
            {
                OnBlockDelta(message.Payload, output);
            }
            else if (type.SequenceEqual("contentBlockStart"u8))
            {
                OnBlockStart(message.Payload, output);
            }
            else if (type.SequenceEqual("messageStart"u8))
            {
                _choice.EnsureRole(output);
            }
            else if (type.SequenceEqual("messageStop"u8))
            {
                OnMessageStop(message.Payload, output);
            }
            else if (type.SequenceEqual("metadata"u8))
            {
                OnMetadata(message.Payload, output);
            }
        }
        catch (JsonException)
        {
            Fail(Malformed(null), output);
        }
        catch (UpstreamFormatException ex)
        {
            Fail(Malformed(ex.Message), output);
        }
    }

    public void Dispose()
    {
        _decoder.Dispose();
        _chunks.Dispose();
        _scratch.Dispose();
    }

    private void OnBlockStart(ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        var index = -1;
        string? id = null, name = null;
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("contentBlockIndex"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out index))
                {
                    throw new UpstreamFormatException("A contentBlockStart event has no valid contentBlockIndex.");
                }
                continue;
            }
            var isStart = reader.ValueTextEquals("start"u8);
            reader.Read();
            if (!isStart || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (JsonSeek.NextObject(ref reader, "toolUse"u8))
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isId = reader.ValueTextEquals("toolUseId"u8);
                    var isName = reader.ValueTextEquals("name"u8);
                    reader.Read();
                    if (isId && reader.TokenType == JsonTokenType.String)
                    {
                        id = reader.GetString();
                    }
                    else if (isName && reader.TokenType == JsonTokenType.String)
                    {
                        name = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
        if (name is null || index < 0)
        {
            return;
        }

        _choice.EnsureRole(output);
        if (name == JsonAnswerTool.Name)
        {
            _choice.StartAnswer(index);
            return;
        }
        _choice.StartToolCall(output, index, System.Text.Encoding.UTF8.GetBytes(id ?? string.Empty), System.Text.Encoding.UTF8.GetBytes(name));
    }

    private void OnBlockDelta(ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        var index = ReadBlockIndex(payload);
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        while (JsonSeek.NextObject(ref reader, "delta"u8))
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    WriteText(ref reader, output);
                }
                else if (reader.ValueTextEquals("toolUse"u8))
                {
                    reader.Read();
                    OnToolInput(ref reader, index, output);
                }
                else if (reader.ValueTextEquals("reasoningContent"u8))
                {
                    reader.Read();
                    OnReasoning(ref reader, output);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private void OnToolInput(ref Utf8JsonReader reader, int index, IBufferWriter<byte> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (JsonSeek.NextString(ref reader, "input"u8))
        {
            if (!_choice.WriteToolInput(output, index, _scratch.Unescape(ref reader)))
            {
                throw new UpstreamFormatException("A tool input fragment arrived for a content block that was not started as a tool call.");
            }
        }
    }

    /// <summary><c>{"text":"…"}</c> carries reasoning; <c>signature</c> and <c>redactedContent</c> have nothing to show.</summary>
    private void OnReasoning(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (JsonSeek.NextString(ref reader, "text"u8))
        {
            _choice.WriteReasoning(output, _scratch.Unescape(ref reader));
        }
    }

    private void WriteText(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return;
        }
        _choice.WriteText(output, _scratch.Unescape(ref reader));
    }

    private void OnMessageStop(ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        var finish = FinishReasons.Stop;
        while (JsonSeek.NextString(ref reader, "stopReason"u8))
        {
            finish = JsonAnswerTool.FinishReason(BedrockStopReasons.ToFinishReason(reader.ValueSpan), clientToolCalled: _choice.ToolCalls > 0);
        }
        _choice.EnsureRole(output);
        _outcome.FinishReason = finish;
        _chunks.WriteFinish(output, 0, FinishReasons.Utf8(finish));
        _finished = true;
    }

    private void OnMetadata(ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        while (JsonSeek.NextObject(ref reader, "usage"u8))
        {
            _outcome.Usage = BedrockUsageReader.Read(ref reader);
        }
        if (_context.IncludeUsage && _outcome.Usage is { } usage)
        {
            _chunks.WriteUsage(output, usage);
        }
        ChatChunkWriter.WriteDone(output);
        End();
    }

    private void End()
    {
        _ended = true;
        _outcome.StreamEnded = true;
    }

    private static int ReadBlockIndex(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIndex = reader.ValueTextEquals("contentBlockIndex"u8);
            reader.Read();
            if (isIndex && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index))
            {
                return index;
            }
            reader.Skip();
        }
        return -1;
    }

    private GatewayError Malformed(string? detail) => new(502, GatewayErrorTypes.Upstream,
        $"Provider '{_context.ProviderId}' sent a malformed stream{(detail is null ? "." : $": {detail}")}", GatewayError.UpstreamBadResponseCode);
}
