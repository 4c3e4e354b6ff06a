using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;
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

    private enum BlockKind : byte
    {
        Other,
        Text,
        Thinking,
        Tool,
    }

    protected override void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        try
        {
            var type = eventType.IsEmpty ? TypeOf(data) : eventType;
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
            FailWith(new GatewayError(502, GatewayErrorTypes.Upstream,
                $"Provider '{Context.ProviderId}' sent a malformed stream event.", "upstream_bad_response"), output);
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

    private static ReadOnlySpan<byte> TypeOf(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                return reader.ValueSpan;
            }
            reader.Skip();
        }
        return default;
    }

    private void OnMessageStart(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (!isMessage || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        Outcome.ProviderResponseId ??= reader.GetString();
                    }
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        var model = Scratch.Unescape(ref reader);
                        Chunks.SetModel(model);
                        Outcome.ProviderModel ??= Encoding.UTF8.GetString(model);
                    }
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    _usage.Read(ref reader);
                    // Published at once: a stream cut short (the client left) still bills the input the provider counted.
                    RecordUsage();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        _choice.EnsureRole(output);
    }

    private void OnBlockStart(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        int index = -1, textAt = -1, idAt = -1, nameAt = -1;
        var kind = BlockKind.Other;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                index = ReadIndex(ref reader);
                continue;
            }
            var isBlock = reader.ValueTextEquals("content_block"u8);
            reader.Read();
            if (!isBlock || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    kind = reader.TokenType != JsonTokenType.String ? BlockKind.Other
                        : reader.ValueTextEquals("text"u8) ? BlockKind.Text
                        : reader.ValueTextEquals("thinking"u8) ? BlockKind.Thinking
                        : reader.ValueTextEquals("tool_use"u8) ? BlockKind.Tool
                        : BlockKind.Other;
                    reader.Skip();
                    continue;
                }
                ref var position = ref textAt;
                if (reader.ValueTextEquals("id"u8))
                {
                    position = ref idAt;
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    position = ref nameAt;
                }
                else if (!reader.ValueTextEquals("text"u8) && !reader.ValueTextEquals("thinking"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    position = (int)reader.TokenStartIndex;
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        if (index < 0 || index >= MaxBlocks)
        {
            return;
        }
        _choice.ResetBlock(index);
        switch (kind)
        {
            case BlockKind.Text when textAt >= 0:
            {
                var text = ReaderAt(data, textAt);
                _choice.WriteText(output, Scratch.Unescape(ref text));
                break;
            }
            case BlockKind.Thinking when textAt >= 0:
            {
                var text = ReaderAt(data, textAt);
                _choice.WriteReasoning(output, Scratch.Unescape(ref text));
                break;
            }
            case BlockKind.Tool when nameAt >= 0:
            {
                var name = StableStringAt(data, nameAt);
                if (JsonAnswerTool.IsAnswer(name))
                {
                    _choice.StartAnswer(index);
                }
                else
                {
                    _choice.StartToolCall(output, index, idAt >= 0 ? StableStringAt(data, idAt) : default, name);
                }
                break;
            }
            default:
                break;
        }
    }

    private void OnBlockDelta(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        int index = -1, textAt = -1, jsonAt = -1, thinkingAt = -1;
        var kind = BlockKind.Other;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                index = ReadIndex(ref reader);
                continue;
            }
            var isDelta = reader.ValueTextEquals("delta"u8);
            reader.Read();
            if (!isDelta || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    // signature_delta (thinking signatures) and citations_delta have no OpenAI counterpart.
                    kind = reader.TokenType != JsonTokenType.String ? BlockKind.Other
                        : reader.ValueTextEquals("text_delta"u8) ? BlockKind.Text
                        : reader.ValueTextEquals("input_json_delta"u8) ? BlockKind.Tool
                        : reader.ValueTextEquals("thinking_delta"u8) ? BlockKind.Thinking
                        : BlockKind.Other;
                    reader.Skip();
                    continue;
                }
                ref var position = ref textAt;
                if (reader.ValueTextEquals("partial_json"u8))
                {
                    position = ref jsonAt;
                }
                else if (reader.ValueTextEquals("thinking"u8))
                {
                    position = ref thinkingAt;
                }
                else if (!reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    position = (int)reader.TokenStartIndex;
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        switch (kind)
        {
            case BlockKind.Text when textAt >= 0:
            {
                var text = ReaderAt(data, textAt);
                _choice.WriteText(output, Scratch.Unescape(ref text));
                break;
            }
            case BlockKind.Thinking when thinkingAt >= 0:
            {
                var thinking = ReaderAt(data, thinkingAt);
                _choice.WriteReasoning(output, Scratch.Unescape(ref thinking));
                break;
            }
            case BlockKind.Tool when jsonAt >= 0:
            {
                var fragment = ReaderAt(data, jsonAt);
                _choice.WriteToolInput(output, index, Scratch.Unescape(ref fragment));
                break;
            }
            default:
                break;
        }
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
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                _usage.Read(ref reader);
                continue;
            }
            var isDelta = reader.ValueTextEquals("delta"u8);
            reader.Read();
            if (!isDelta || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isStopReason = reader.ValueTextEquals("stop_reason"u8);
                reader.Read();
                if (isStopReason && reader.TokenType == JsonTokenType.String)
                {
                    _finish = AnthropicStopReasons.ToFinishReason(Scratch.Unescape(ref reader));
                }
                else
                {
                    reader.Skip();
                }
            }
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
        Chunks.WriteFinish(output, 0, AnthropicStopReasons.Utf8(finish));
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

    /// <summary>A reader on the string token that starts at <paramref name="start"/>.</summary>
    private static Utf8JsonReader ReaderAt(ReadOnlySpan<byte> data, int start)
    {
        var reader = new Utf8JsonReader(data[start..]);
        reader.Read();
        return reader;
    }

    /// <summary>
    /// A string that stays valid while the event is handled: the event's own bytes, or (only when escaped, which ids
    /// and tool names practically never are) a copy made once per tool call.
    /// </summary>
    private static ReadOnlySpan<byte> StableStringAt(ReadOnlySpan<byte> data, int start)
    {
        var reader = ReaderAt(data, start);
        return reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
    }
}
