using Gateway.Transforms.Streaming;

namespace Gateway.Transforms.Providers.Cohere;

/// <summary>
/// Converts Chat v2's typed SSE events to OpenAI chunks: <c>content-delta</c> text (and <c>thinking</c>) and
/// <c>tool-plan-delta</c> as reasoning, <c>tool-call-start</c>/<c>-delta</c> as tool call chunks, <c>message-end</c>
/// as the finish chunk, the usage chunk (when asked for) and <c>[DONE]</c>. Citation, <c>*-end</c> and debug
/// events carry nothing OpenAI has. A stream that stops before <c>message-end</c> is reported as an error, not
/// closed as if complete.
/// </summary>
internal sealed class CohereStreamTranscoder : SseStreamTranscoder
{
    private readonly string _providerId;
    private readonly PooledByteBufferWriter _toolId = new(64);
    private readonly PooledByteBufferWriter _toolName = new(64);
    private readonly PooledByteBufferWriter _toolArguments = new(256);
    private int _toolIndex = -1;
    private bool _roleWritten;

    public CohereStreamTranscoder(ResponseContext context, ResponseOutcome outcome)
        : base(context, outcome)
    {
        _providerId = context.ProviderId;
    }

    protected override void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        try
        {
            if (data.SequenceEqual("[DONE]"u8))
            {
                OnUpstreamEnd(output);
                return;
            }
            // Cohere names each event twice (SSE event field and JSON type); the JSON one serves when the field is absent.
            var type = eventType.IsEmpty ? ReadType(data) : eventType;
            if (type.SequenceEqual("content-delta"u8) || type.SequenceEqual("content-start"u8))
            {
                OnContent(data, output);
            }
            else if (type.SequenceEqual("tool-plan-delta"u8))
            {
                OnToolPlan(data, output);
            }
            else if (type.SequenceEqual("tool-call-start"u8))
            {
                OnToolCallStart(data, output);
            }
            else if (type.SequenceEqual("tool-call-delta"u8))
            {
                OnToolCallDelta(data, output);
            }
            else if (type.SequenceEqual("message-start"u8))
            {
                OnMessageStart(data, output);
            }
            else if (type.SequenceEqual("message-end"u8))
            {
                OnMessageEnd(data, output);
            }
        }
        catch (JsonException)
        {
            FailWith(Malformed(), output);
        }
    }

    protected override void OnUpstreamEnd(IBufferWriter<byte> output) =>
        FailWith(new GatewayError(502, GatewayErrorTypes.Upstream,
            $"Provider '{_providerId}' ended the stream before its message-end event; the answer is incomplete.", "upstream_stream_truncated"), output);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _toolId.Dispose();
            _toolName.Dispose();
            _toolArguments.Dispose();
        }
        base.Dispose(disposing);
    }

    private static ReadOnlySpan<byte> ReadType(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        return CohereJson.MoveToProperty(ref reader, "type"u8) && reader.TokenType == JsonTokenType.String ? reader.ValueSpan : default;
    }

    private void OnMessageStart(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        if (CohereJson.MoveToProperty(ref reader, "id"u8) && reader.TokenType == JsonTokenType.String)
        {
            Outcome.ProviderResponseId ??= reader.GetString();
        }
        EnsureRole(output);
    }

    /// <summary><c>delta.message.content</c> holds <c>text</c> for the answer or <c>thinking</c> for a reasoning model's thoughts.</summary>
    private void OnContent(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        if (!CohereJson.MoveToPath(ref reader, "delta"u8, "message"u8, "content"u8) || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isText = reader.ValueTextEquals("text"u8);
            var isThinking = !isText && reader.ValueTextEquals("thinking"u8);
            reader.Read();
            if ((isText || isThinking) && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
            {
                var value = Scratch.Unescape(ref reader);
                EnsureRole(output);
                if (isText)
                {
                    Chunks.WriteText(output, 0, value);
                }
                else
                {
                    Chunks.WriteReasoning(output, 0, value);
                }
                Generated(value.Length);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void OnToolPlan(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        if (CohereJson.MoveToPath(ref reader, "delta"u8, "message"u8, "tool_plan"u8)
            && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
        {
            var value = Scratch.Unescape(ref reader);
            EnsureRole(output);
            Chunks.WriteReasoning(output, 0, value);
            Generated(value.Length);
        }
    }

    /// <summary><c>delta.message.tool_calls</c> is one call here (an object, not an array): id, name and usually empty arguments.</summary>
    private void OnToolCallStart(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        _toolId.Reset();
        _toolName.Reset();
        _toolArguments.Reset();
        if (CohereJson.MoveToPath(ref reader, "delta"u8, "message"u8, "tool_calls"u8) && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                var isFunction = !isId && reader.ValueTextEquals("function"u8);
                reader.Read();
                if (isId)
                {
                    CopyString(ref reader, _toolId);
                }
                else if (isFunction && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadFunction(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        if (_toolId.WrittenCount == 0 || _toolName.WrittenCount == 0)
        {
            FailWith(Malformed(), output);
            return;
        }

        _toolIndex++;
        EnsureRole(output);
        Chunks.WriteToolCallStart(output, 0, _toolIndex, _toolId.WrittenSpan, _toolName.WrittenSpan);
        Outcome.MarkFirstToken();
        if (_toolArguments.WrittenCount > 0)
        {
            Chunks.WriteToolCallArguments(output, 0, _toolIndex, _toolArguments.WrittenSpan);
            Generated(_toolArguments.WrittenCount);
        }
    }

    private void ReadFunction(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            var isArguments = !isName && reader.ValueTextEquals("arguments"u8);
            reader.Read();
            if (isName)
            {
                CopyString(ref reader, _toolName);
            }
            else if (isArguments)
            {
                CopyString(ref reader, _toolArguments);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>
    /// An argument fragment of the call opened last (Cohere streams calls one after another). Tool indexes are
    /// counted here rather than taken from Cohere's <c>index</c>, which numbers content blocks as well.
    /// </summary>
    private void OnToolCallDelta(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (_toolIndex < 0)
        {
            FailWith(Malformed(), output);
            return;
        }
        var reader = new Utf8JsonReader(data);
        reader.Read();
        if (CohereJson.MoveToPath(ref reader, "delta"u8, "message"u8, "tool_calls"u8)
            && CohereJson.MoveToProperty(ref reader, "function"u8)
            && CohereJson.MoveToProperty(ref reader, "arguments"u8)
            && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
        {
            var fragment = Scratch.Unescape(ref reader);
            Chunks.WriteToolCallArguments(output, 0, _toolIndex, fragment);
            Generated(fragment.Length);
        }
    }

    /// <summary><c>delta</c> holds <c>finish_reason</c>, <c>usage</c> and, when the generation failed, <c>error</c>.</summary>
    private void OnMessageEnd(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        int finishStart = 0, finishLength = 0;
        string? error = null;
        if (CohereJson.MoveToProperty(ref reader, "delta"u8) && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        finishStart = (int)reader.TokenStartIndex + 1;
                        finishLength = reader.ValueSpan.Length;
                    }
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        Outcome.Usage = CohereUsageReader.Read(ref reader);
                    }
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        var finish = CohereFinishReasons.ToOpenAi(data.Slice(finishStart, finishLength), _toolIndex >= 0);
        if (finish is null)
        {
            var message = error is { Length: > 0 }
                ? $"Provider '{_providerId}' reported that the generation failed: {error}"
                : $"Provider '{_providerId}' reported that the generation failed (finish_reason ERROR).";
            FailWith(GatewayError.UpstreamFailure(502, message, "upstream_error"), output);
            return;
        }

        Outcome.FinishReason = finish;
        EnsureRole(output);
        Chunks.WriteFinish(output, 0, FinishReasons.Utf8(finish));
        if (Context.IncludeUsage && Outcome.Usage is { } usage)
        {
            Chunks.WriteUsage(output, usage);
        }
        ChatChunkWriter.WriteDone(output);
        End();
    }

    private static void CopyString(ref Utf8JsonReader reader, PooledByteBufferWriter target)
    {
        target.Reset();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return;
        }
        var written = reader.CopyString(target.GetSpan(reader.ValueSpan.Length));
        target.Advance(written);
    }

    private void EnsureRole(IBufferWriter<byte> output)
    {
        if (!_roleWritten)
        {
            _roleWritten = true;
            Chunks.WriteRole(output, 0);
        }
    }

    private void Generated(int bytes)
    {
        Outcome.MarkFirstToken();
        Outcome.GeneratedBytes += bytes;
    }
}
