using Gateway.Transforms.Streaming;

namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// Converts the Messages API event stream (<c>message_start</c>, <c>content_block_start/delta/stop</c>,
/// <c>message_delta</c>, <c>message_stop</c>, <c>ping</c>, <c>error</c>) to OpenAI chunks: the role first, text,
/// reasoning and tool-call fragments as they come, then the finish chunk, the usage chunk when asked for, and
/// <c>[DONE]</c>.
/// </summary>
internal sealed class AnthropicStreamTranscoder : SseStreamTranscoder
{
    /// <summary>Content block indexes beyond this are ignored rather than grown into.</summary>
    private const int MaxBlocks = 10_000;

    private readonly AnthropicUsageTotals _usage = new();
    private readonly BlockStreamWriter _choice;
    private string? _finish;

    public AnthropicStreamTranscoder(ResponseContext context, ResponseOutcome outcome)
        : base(context, outcome)
    {
        _choice = new BlockStreamWriter(Chunks, Outcome);
    }

    protected override void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        try
        {
            var type = eventType.IsEmpty ? JsonSeek.RawString(data, "type"u8) : eventType;
            if (type.SequenceEqual("content_block_delta"u8))
            {
                OnBlockDelta(data, output);
            }
            else if (type.SequenceEqual("content_block_start"u8))
            {
                OnBlockStart(data, output);
            }
            else if (type.SequenceEqual("content_block_stop"u8))
            {
                OnBlockStop(data, output);
            }
            else if (type.SequenceEqual("message_start"u8))
            {
                OnMessageStart(data, output);
            }
            else if (type.SequenceEqual("message_delta"u8))
            {
                OnMessageDelta(data);
            }
            else if (type.SequenceEqual("message_stop"u8))
            {
                Finish(output);
            }
            else if (type.SequenceEqual("error"u8))
            {
                OnError(data, output);
            }
            // ping, and event types newer than this code, carry nothing for the client.
        }
        catch (JsonException)
        {
            RecordUsage();
            FailWith(Malformed(), output);
        }
    }

    /// <summary>
    /// The connection closed without <c>message_stop</c>. After <c>message_delta</c> the answer is complete; before
    /// it the client must not mistake a cut-off answer for a whole one.
    /// </summary>
    protected override void OnUpstreamEnd(IBufferWriter<byte> output)
    {
        if (_finish is not null)
        {
            Finish(output);
            return;
        }
        RecordUsage();
        FailWith(new GatewayError(502, GatewayErrorTypes.Upstream,
            $"Provider '{Context.ProviderId}' ended the stream before the answer was complete.", "upstream_incomplete_stream"), output);
    }

    private void OnMessageStart(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var start = AnthropicMessageFields.ReadStart(data, _usage);
        if (start.IdAt >= 0)
        {
            Outcome.ProviderResponseId ??= AnthropicBlockFields.StringAt(data, start.IdAt).GetString();
        }
        if (start.ModelAt >= 0)
        {
            var model = StringAt(data, start.ModelAt);
            Chunks.SetModel(model);
            Outcome.ProviderModel ??= Encoding.UTF8.GetString(model);
        }
        // Published at once: a stream cut short (the client left) still bills the input the provider counted.
        RecordUsage();
        _choice.EnsureRole(output);
    }

    private void OnBlockStart(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var block = ReadBlockEvent(data, "content_block"u8, delta: false, out var index);
        if (index < 0 || index >= MaxBlocks)
        {
            return;
        }
        _choice.ResetBlock(index);
        // The opening text is the string under "text" or "thinking", whichever came last (positions grow as it is read).
        var textAt = Math.Max(block.TextAt, block.ThinkingAt);
        switch (block.Kind)
        {
            case AnthropicBlockKind.Text when textAt >= 0:
                _choice.WriteText(output, StringAt(data, textAt));
                break;
            case AnthropicBlockKind.Thinking when textAt >= 0:
                _choice.WriteReasoning(output, StringAt(data, textAt));
                break;
            case AnthropicBlockKind.ToolUse when block.NameAt >= 0:
            {
                var name = StableStringAt(data, block.NameAt);
                if (JsonAnswerTool.IsAnswer(name))
                {
                    _choice.StartAnswer(index);
                }
                else
                {
                    _choice.StartToolCall(output, index, block.IdAt >= 0 ? StableStringAt(data, block.IdAt) : default, name);
                }
                break;
            }
            default:
                break;
        }
    }

    private void OnBlockDelta(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var delta = ReadBlockEvent(data, "delta"u8, delta: true, out var index);
        switch (delta.Kind)
        {
            case AnthropicBlockKind.Text when delta.TextAt >= 0:
                _choice.WriteText(output, StringAt(data, delta.TextAt));
                break;
            case AnthropicBlockKind.Thinking when delta.ThinkingAt >= 0:
                _choice.WriteReasoning(output, StringAt(data, delta.ThinkingAt));
                break;
            case AnthropicBlockKind.ToolUse when delta.PartialJsonAt >= 0:
                _choice.WriteToolInput(output, index, StringAt(data, delta.PartialJsonAt));
                break;
            default:
                break;
        }
    }

    /// <summary>A <c>content_block_start</c> or <c>content_block_delta</c>: its block index and the fields of its <paramref name="container"/>.</summary>
    private static AnthropicBlockFields ReadBlockEvent(ReadOnlySpan<byte> data, ReadOnlySpan<byte> container, bool delta, out int index)
    {
        index = -1;
        var fields = AnthropicBlockFields.None;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                index = ReadIndex(ref reader);
                continue;
            }
            var isContainer = reader.ValueTextEquals(container);
            reader.Read();
            if (!isContainer || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            fields.Read(ref reader, delta);
        }
        return fields;
    }

    private void OnBlockStop(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var index = -1;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                index = ReadIndex(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        _choice.EndBlock(output, index);
    }

    private void OnMessageDelta(ReadOnlySpan<byte> data)
    {
        var stopReasonAt = AnthropicMessageDelta.Read(data, _usage);
        if (stopReasonAt >= 0)
        {
            _finish = AnthropicStopReasons.ToFinishReason(StringAt(data, stopReasonAt));
        }
    }

    private void OnError(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var detail = AnthropicErrorReader.Read(data);
        RecordUsage();
        FailWith(UpstreamErrorMapper.Map(AnthropicErrorStatus.For(detail.Type), detail, Context.ProviderId, retryAfter: null, secret: null), output);
    }

    private void Finish(IBufferWriter<byte> output)
    {
        _choice.EnsureRole(output);
        var finish = JsonAnswerTool.FinishReason(_finish ?? FinishReasons.Stop, clientToolCalled: _choice.ToolCalls > 0);
        Chunks.WriteFinish(output, 0, FinishReasons.Utf8(finish));
        Outcome.FinishReason = finish;
        RecordUsage();
        if (Context.IncludeUsage && _usage.Seen)
        {
            Chunks.WriteUsage(output, _usage.ToTokenUsage());
        }
        ChatChunkWriter.WriteDone(output);
        End();
    }

    private void RecordUsage()
    {
        if (_usage.Seen)
        {
            Outcome.Usage = _usage.ToTokenUsage();
        }
    }

    private static int ReadIndex(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index))
        {
            return index;
        }
        reader.Skip();
        return -1;
    }

    /// <summary>The unescaped string that starts at <paramref name="start"/>; valid until the next one is read.</summary>
    private ReadOnlySpan<byte> StringAt(ReadOnlySpan<byte> data, int start)
    {
        var reader = AnthropicBlockFields.StringAt(data, start);
        return Scratch.Unescape(ref reader);
    }

    /// <summary>
    /// A string that stays valid while the event is handled: the event's own bytes, or (only when escaped, which ids
    /// and tool names practically never are) a copy made once per tool call.
    /// </summary>
    private static ReadOnlySpan<byte> StableStringAt(ReadOnlySpan<byte> data, int start)
    {
        var reader = AnthropicBlockFields.StringAt(data, start);
        return reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
    }
}
