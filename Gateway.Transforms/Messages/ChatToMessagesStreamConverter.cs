using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Sse;

namespace Gateway.Transforms.Messages;

/// <summary>
/// Converts a chat completion stream (OpenAI's SSE chunks, as every provider adapter writes them) to Anthropic's event
/// grammar: <c>message_start</c> and a <c>ping</c> at the first chunk, one content block per run of text, reasoning
/// (<c>thinking</c>) or tool call (<c>tool_use</c> with <c>input_json_delta</c>s), each opened with
/// <c>content_block_start</c> and closed with <c>content_block_stop</c>, then, at <c>[DONE]</c> (after the usage chunk),
/// <c>message_delta</c> with the stop reason and usage and <c>message_stop</c>. An error chunk becomes an <c>error</c>
/// event. Input may be split anywhere; each event is converted once whole, with no allocation per chunk.
/// </summary>
internal sealed class ChatToMessagesStreamConverter : IStreamTranscoder, ISseEventSink
{
    private enum Block
    {
        None,
        Text,
        Thinking,
        Tool,
    }

    private readonly SseEventReader _reader;
    private readonly MessagesEventWriter _events = new();
    private readonly JsonStringScratch _scratch = new();
    private readonly ResponseContext _context;
    private IBufferWriter<byte>? _output;
    private string? _model;
    private bool _started;
    private bool _ended;
    private Block _block;
    private int _blockIndex = -1;
    private int _toolIndex = -1;
    private string? _stopReason;
    private int _promptTokens;
    private int _completionTokens;
    private int _cachedTokens;
    private int _cacheWriteTokens;

    public ChatToMessagesStreamConverter(ResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _reader = new SseEventReader(context.MaxStreamEventBytes);
    }

    public bool Failed { get; private set; }

    public void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output)
    {
        if (_ended)
        {
            return;
        }
        _output = output;
        if (!_reader.Feed(upstream, this))
        {
            Fail(new GatewayError(502, GatewayErrorTypes.Upstream, "The answer held a stream event larger than the gateway's limit.", GatewayError.UpstreamBadResponseCode), output);
        }
        _output = null;
    }

    public void Complete(IBufferWriter<byte> output)
    {
        if (_ended)
        {
            return;
        }
        _output = output;
        _reader.Complete(this);
        if (!_ended)
        {
            if (_stopReason is not null)
            {
                Finish(output);
            }
            else
            {
                Fail(new GatewayError(502, GatewayErrorTypes.Upstream, $"Provider '{_context.ProviderId}' ended the stream before the answer was complete.",
                    "upstream_incomplete_stream"), output);
            }
        }
        _output = null;
    }

    public void Fail(GatewayError error, IBufferWriter<byte> output)
    {
        if (_ended)
        {
            return;
        }
        _events.WriteError(output, error);
        Failed = true;
        _ended = true;
    }

    void ISseEventSink.OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data)
    {
        if (_ended)
        {
            return;
        }
        var output = _output!;
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
            Fail(new GatewayError(502, GatewayErrorTypes.Upstream, $"Provider '{_context.ProviderId}' sent a malformed stream event.", GatewayError.UpstreamBadResponseCode), output);
        }
    }

    private void OnChunk(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (!_started)
        {
            _model = ReadModel(data) ?? _context.Model;
            Start(output);
        }
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader, output);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                ReadUsage(ref reader);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                var error = ReadError(ref reader);
                Fail(error, output);
                return;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void Start(IBufferWriter<byte> output)
    {
        _started = true;
        var json = _events.Begin(output, "message_start"u8);
        json.WritePropertyName("message"u8);
        json.WriteStartObject();
        json.WriteString("id"u8, _context.ResponseId);
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

    private void ReadChoices(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                // One message per answer: a second choice has no place in Anthropic's grammar.
                reader.Skip();
                continue;
            }
            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    ReadDelta(ref reader, output);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        CloseBlock(output);
                        _stopReason = MessagesStopReasons.FromFinishReason(reader.ValueSpan);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private void ReadDelta(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        // The gateway's chunks carry reasoning twice (reasoning_content and reasoning): one is the text.
        var reasoningSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                {
                    WriteDelta(output, Block.Text, "text_delta"u8, "text"u8, _scratch.Unescape(ref reader));
                }
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0 && !reasoningSeen)
                {
                    reasoningSeen = true;
                    WriteDelta(output, Block.Thinking, "thinking_delta"u8, "thinking"u8, _scratch.Unescape(ref reader));
                }
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader, output);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void WriteDelta(IBufferWriter<byte> output, Block block, ReadOnlySpan<byte> deltaType, ReadOnlySpan<byte> field, ReadOnlySpan<byte> text)
    {
        if (_block != block)
        {
            CloseBlock(output);
            OpenBlock(output, block);
        }
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
        _blockIndex++;
        var json = _events.Begin(output, "content_block_start"u8);
        json.WriteNumber("index"u8, _blockIndex);
        json.WritePropertyName("content_block"u8);
        json.WriteStartObject();
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

    private void ReadToolCalls(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var index = 0;
            string? id = null;
            string? name = null;
            var open = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number)
                    {
                        index = reader.GetInt32();
                    }
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("name"u8))
                        {
                            reader.Read();
                            name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        }
                        else if (reader.ValueTextEquals("arguments"u8))
                        {
                            reader.Read();
                            open = open || EnsureToolBlock(output, index, id, name);
                            if (open && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                            {
                                WriteToolArguments(output, _scratch.Unescape(ref reader));
                            }
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (!open)
            {
                EnsureToolBlock(output, index, id, name);
            }
        }
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
        _blockIndex++;
        var json = _events.Begin(output, "content_block_start"u8);
        json.WriteNumber("index"u8, _blockIndex);
        json.WritePropertyName("content_block"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "tool_use"u8);
        json.WriteString("id"u8, id ?? string.Create(CultureInfo.InvariantCulture, $"toolu_{_context.ResponseId}_{toolIndex}"));
        json.WriteString("name"u8, name ?? string.Empty);
        json.WritePropertyName("input"u8);
        json.WriteStartObject();
        json.WriteEndObject();
        json.WriteEndObject();
        _events.End();
        return true;
    }

    private void WriteToolArguments(IBufferWriter<byte> output, ReadOnlySpan<byte> fragment)
    {
        var json = _events.Begin(output, "content_block_delta"u8);
        json.WriteNumber("index"u8, _blockIndex);
        json.WritePropertyName("delta"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "input_json_delta"u8);
        json.WriteString("partial_json"u8, fragment);
        json.WriteEndObject();
        _events.End();
    }

    private void ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                _promptTokens = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                _completionTokens = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("cached_tokens"u8))
                    {
                        _cachedTokens = ReadInt(ref reader);
                    }
                    else if (reader.ValueTextEquals("cache_write_tokens"u8))
                    {
                        _cacheWriteTokens = ReadInt(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }
        reader.Skip();
        return 0;
    }

    private void Finish(IBufferWriter<byte> output)
    {
        if (!_started)
        {
            _model = _context.Model;
            Start(output);
        }
        CloseBlock(output);
        var json = _events.Begin(output, "message_delta"u8);
        json.WritePropertyName("delta"u8);
        json.WriteStartObject();
        json.WriteString("stop_reason"u8, _stopReason ?? MessagesStopReasons.EndTurn);
        json.WriteNull("stop_sequence"u8);
        json.WriteEndObject();
        MessagesUsageWriter.Write(json, _promptTokens, _completionTokens, _cachedTokens, _cacheWriteTokens);
        _events.End();
        _events.Begin(output, "message_stop"u8);
        _events.End();
        _ended = true;
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

    private static string? ReadModel(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isModel = reader.ValueTextEquals("model"u8);
            reader.Read();
            if (isModel && reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }
            reader.Skip();
        }
        return null;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _events.Dispose();
        _scratch.Dispose();
    }
}
