using System.Globalization;
using Gateway.Transforms.Streaming;

namespace Gateway.Transforms.Messages;

/// <summary>
/// Converts a chat completion stream (OpenAI's SSE chunks, as every provider adapter writes them) to Anthropic's event
/// grammar: <c>message_start</c> and a <c>ping</c> at the first chunk, one content block per run of text, reasoning
/// (<c>thinking</c>) or tool call (<c>tool_use</c> with <c>input_json_delta</c>s), each opened with
/// <c>content_block_start</c> and closed with <c>content_block_stop</c>, then, at <c>[DONE]</c> (after the usage chunk),
/// <c>message_delta</c> with the stop reason and usage and <c>message_stop</c>. An error chunk becomes an <c>error</c>
/// event. Input may be split anywhere; each event is converted once whole, with no allocation per chunk.
/// </summary>
internal sealed class ChatToMessagesStreamConverter : SseEventTranscoder, IChatDeltaSink
{
    private enum Block
    {
        None,
        Text,
        Thinking,
        Tool,
    }

    private readonly MessagesEventWriter _events = new();
    private readonly JsonStringScratch _scratch = new();
    private string? _model;
    private bool _started;
    private Block _block;
    private int _blockIndex = -1;
    private int _toolIndex = -1;
    private string? _stopReason;
    private ChatUsageCounts _usage;

    /// <remarks>The chunks are the gateway's own, from the provider adapter's transcoder, which records the attempt's outcome.</remarks>
    public ChatToMessagesStreamConverter(ResponseContext context)
        : base(context, outcome: null, validateUtf8: false)
    {
    }

    protected override void OnUpstreamEnd(IBufferWriter<byte> output)
    {
        if (_stopReason is not null)
        {
            Finish(output);
            return;
        }
        Fail(new GatewayError(502, GatewayErrorTypes.Upstream, $"Provider '{Context.ProviderId}' ended the stream before the answer was complete.",
            "upstream_incomplete_stream"), output);
    }

    protected override GatewayError OversizedEvent() =>
        new(502, GatewayErrorTypes.Upstream, "The answer held a stream event larger than the gateway's limit.", GatewayError.UpstreamBadResponseCode);

    protected override void WriteError(GatewayError error, IBufferWriter<byte> output) => _events.WriteError(output, error);

    protected override void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            Finish(output);
            return;
        }
        try
        {
            OnChunk(data, output);
        }
        catch (JsonException)
        {
            Fail(Malformed(), output);
        }
    }

    private void OnChunk(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (!_started)
        {
            _model = ChatDeltaReader.ReadModel(data) ?? Context.Model;
            Start(output);
        }
        var reader = new Utf8JsonReader(data);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ChatDeltaReader.Read(ref reader, _scratch, this);
        }
    }

    private void Start(IBufferWriter<byte> output)
    {
        _started = true;
        var json = _events.Begin(output, "message_start"u8);
        json.WritePropertyName("message"u8);
        json.WriteStartObject();
        json.WriteString("id"u8, Context.ResponseId);
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("model"u8, _model);
        json.WritePropertyName("content"u8);
        json.WriteStartArray();
        json.WriteEndArray();
        json.WriteNull("stop_reason"u8);
        json.WriteNull("stop_sequence"u8);
        json.WritePropertyName("usage"u8);
        json.WriteStartObject();
        json.WriteNumber("input_tokens"u8, 0);
        json.WriteNumber("output_tokens"u8, 0);
        json.WriteEndObject();
        json.WriteEndObject();
        _events.End();
        _events.WritePing(output);
    }

    void IChatDeltaSink.OnText(ReadOnlySpan<byte> text) => WriteDelta(Output, Block.Text, "text_delta"u8, "text"u8, text);

    void IChatDeltaSink.OnReasoning(ReadOnlySpan<byte> text) => WriteDelta(Output, Block.Thinking, "thinking_delta"u8, "thinking"u8, text);

    void IChatDeltaSink.OnToolCall(in ChatToolCallDelta call)
    {
        if (EnsureToolBlock(Output, call.Index, call.Id, call.Name) && !call.Arguments.IsEmpty)
        {
            WriteBlockDelta(Output, "input_json_delta"u8, "partial_json"u8, call.Arguments);
        }
    }

    void IChatDeltaSink.OnMessage(ref Utf8JsonReader reader) => reader.Skip();

    void IChatDeltaSink.OnFinishReason(ReadOnlySpan<byte> finishReason)
    {
        CloseBlock(Output);
        _stopReason = MessagesStopReasons.FromFinishReason(finishReason);
    }

    void IChatDeltaSink.OnUsage(ref Utf8JsonReader reader) => _usage.Read(ref reader);

    bool IChatDeltaSink.OnError(ref Utf8JsonReader reader)
    {
        Fail(ReadError(ref reader), Output);
        return true;
    }

    private void WriteDelta(IBufferWriter<byte> output, Block block, ReadOnlySpan<byte> deltaType, ReadOnlySpan<byte> field, ReadOnlySpan<byte> text)
    {
        if (_block != block)
        {
            CloseBlock(output);
            OpenBlock(output, block);
        }
        WriteBlockDelta(output, deltaType, field, text);
    }

    private void WriteBlockDelta(IBufferWriter<byte> output, ReadOnlySpan<byte> deltaType, ReadOnlySpan<byte> field, ReadOnlySpan<byte> text)
    {
        var json = _events.Begin(output, "content_block_delta"u8);
        json.WriteNumber("index"u8, _blockIndex);
        json.WritePropertyName("delta"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, deltaType);
        json.WriteString(field, text);
        json.WriteEndObject();
        _events.End();
    }

    private void OpenBlock(IBufferWriter<byte> output, Block block)
    {
        _block = block;
        var json = BeginBlockStart(output);
        if (block == Block.Text)
        {
            json.WriteString("type"u8, "text"u8);
            json.WriteString("text"u8, ""u8);
        }
        else
        {
            json.WriteString("type"u8, "thinking"u8);
            json.WriteString("thinking"u8, ""u8);
            json.WriteString("signature"u8, ""u8);
        }
        json.WriteEndObject();
        _events.End();
    }

    /// <summary>Starts the next block's <c>content_block_start</c>: write the block's members, then end the object and the event.</summary>
    private Utf8JsonWriter BeginBlockStart(IBufferWriter<byte> output)
    {
        _blockIndex++;
        var json = _events.Begin(output, "content_block_start"u8);
        json.WriteNumber("index"u8, _blockIndex);
        json.WritePropertyName("content_block"u8);
        json.WriteStartObject();
        return json;
    }

    private void CloseBlock(IBufferWriter<byte> output)
    {
        if (_block == Block.None)
        {
            return;
        }
        _block = Block.None;
        var json = _events.Begin(output, "content_block_stop"u8);
        json.WriteNumber("index"u8, _blockIndex);
        _events.End();
    }

    /// <summary>
    /// Opens the tool call's block when it is a new one. Anthropic's blocks follow one another, so a fragment of a call
    /// whose block is already closed (interleaved parallel calls, which providers do not send) has nowhere to go.
    /// </summary>
    private bool EnsureToolBlock(IBufferWriter<byte> output, int toolIndex, string? id, string? name)
    {
        if (_block == Block.Tool && _toolIndex == toolIndex)
        {
            return true;
        }
        if (toolIndex <= _toolIndex)
        {
            return false;
        }
        CloseBlock(output);
        _toolIndex = toolIndex;
        _block = Block.Tool;
        var json = BeginBlockStart(output);
        json.WriteString("type"u8, "tool_use"u8);
        json.WriteString("id"u8, id ?? string.Create(CultureInfo.InvariantCulture, $"toolu_{Context.ResponseId}_{toolIndex}"));
        json.WriteString("name"u8, name ?? string.Empty);
        json.WritePropertyName("input"u8);
        json.WriteStartObject();
        json.WriteEndObject();
        json.WriteEndObject();
        _events.End();
        return true;
    }

    private void Finish(IBufferWriter<byte> output)
    {
        if (!_started)
        {
            _model = Context.Model;
            Start(output);
        }
        CloseBlock(output);
        var json = _events.Begin(output, "message_delta"u8);
        json.WritePropertyName("delta"u8);
        json.WriteStartObject();
        json.WriteString("stop_reason"u8, _stopReason ?? MessagesStopReasons.EndTurn);
        json.WriteNull("stop_sequence"u8);
        json.WriteEndObject();
        MessagesUsageWriter.Write(json, _usage);
        _events.End();
        _events.WriteMessageStop(output);
        End();
    }

    /// <summary>The chat error chunk's error, with the status its type stands for.</summary>
    private static GatewayError ReadError(ref Utf8JsonReader reader)
    {
        string? message = null;
        string? type = null;
        string? code = null;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueTextEquals("message"u8) ? 1 : reader.ValueTextEquals("type"u8) ? 2 : reader.ValueTextEquals("code"u8) ? 3 : 0;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }
                switch (name)
                {
                    case 1: message = reader.GetString(); break;
                    case 2: type = reader.GetString(); break;
                    case 3: code = reader.GetString(); break;
                }
            }
        }
        else
        {
            reader.Skip();
        }
        var status = type switch
        {
            GatewayErrorTypes.InvalidRequest => 400,
            GatewayErrorTypes.Authentication => 401,
            GatewayErrorTypes.Permission => 403,
            GatewayErrorTypes.RateLimit => 429,
            _ => code == "gateway_shutting_down" ? 503 : 500,
        };
        return new GatewayError(status, type ?? GatewayErrorTypes.Upstream, message ?? "The provider reported an error.", code);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _events.Dispose();
            _scratch.Dispose();
        }
        base.Dispose(disposing);
    }
}
