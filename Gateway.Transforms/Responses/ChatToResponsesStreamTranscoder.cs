using Gateway.Transforms.Streaming;

namespace Gateway.Transforms.Responses;

/// <summary>
/// Turns a provider's stream into the Responses API's event sequence for a request the gateway translated to chat: the
/// provider's adapter converts its stream to OpenAI chat chunks (byte splits, provider errors and usage are its business),
/// and this reads those chunks and writes <c>response.created</c>, <c>response.in_progress</c>, per item
/// <c>response.output_item.added</c>, <c>response.content_part.added</c>, <c>response.output_text.delta</c> (or
/// <c>response.function_call_arguments.delta</c>), their <c>.done</c> events and <c>response.output_item.done</c>, and
/// finally <c>response.completed</c> (<c>response.incomplete</c> when the output was cut at its limit, <c>response.failed</c>
/// on an error), each with the next <c>sequence_number</c>. Buffers are pooled and reused across events.
/// </summary>
public sealed class ChatToResponsesStreamTranscoder : ChatChunkEventTranscoder, IChatDeltaSink
{
    private readonly ResponsesRequest _request;
    private readonly ResponseOutcome _outcome;
    private readonly Action<ReadOnlyMemory<byte>>? _finished;
    private readonly PooledByteBufferWriter _event = new(2048);
    private readonly PooledByteBufferWriter _response = new(2048);
    private readonly JsonStringScratch _scratch = new();
    private readonly ResponseOutputItems _items;
    private readonly Utf8JsonWriter _json;
    private readonly string _id;
    private readonly long _created;
    private readonly string _model;
    private readonly bool _stored;
    private long _sequence;
    private bool _started;
    private bool _ended;
    private bool _failed;
    private int _open = -1;
    private int _openToolIndex = -1;
    private string? _incomplete;

    /// <param name="inner">The provider adapter's chat stream transcoder (asked for usage).</param>
    /// <param name="finished">Called once with the final response object when the stream completed (for storing it).</param>
    public ChatToResponsesStreamTranscoder(
        IStreamTranscoder inner, ResponsesRequest request, ResponseContext context, ResponseOutcome outcome, bool stored, Action<ReadOnlyMemory<byte>>? finished = null)
        : base(inner, (context ?? throw new ArgumentNullException(nameof(context))).MaxStreamEventBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        _request = request;
        _outcome = outcome;
        _finished = finished;
        _stored = stored;
        _id = context.ResponseId;
        _created = context.Created;
        _model = context.Model;
        _items = new ResponseOutputItems(_id);
        _json = new Utf8JsonWriter(_event, JsonWriting.Options);
    }

    public override bool Failed => _failed;

    protected override bool Ended => _ended;

    protected override void OnCompleted(IBufferWriter<byte> output)
    {
        if (!_ended)
        {
            Finish(output);
        }
    }

    protected override void OnFailed(GatewayError error, IBufferWriter<byte> output)
    {
        ForwardChunks(output);
        if (!_ended)
        {
            FailWith(error, output);
        }
    }

    protected override void OnEvent(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (_ended || data.IsEmpty)
        {
            return;
        }
        if (data.SequenceEqual("[DONE]"u8))
        {
            Finish(output);
            return;
        }
        OnChunk(data, output);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _json.Dispose();
            _event.Dispose();
            _response.Dispose();
            _scratch.Dispose();
            _items.Dispose();
        }
        base.Dispose(disposing);
    }

    private void OnChunk(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }
        // The provider's first event (the chat role chunk) opens the response at once, as the chat path sends its first
        // chunk then: the client's first byte is the provider's, not its first token.
        Start(output);
        ChatDeltaReader.Read(ref reader, _scratch, this);
    }

    void IChatDeltaSink.OnText(ReadOnlySpan<byte> text) => OnText(text, Output);

    /// <summary>Reasoning is not part of this door's translated answer.</summary>
    void IChatDeltaSink.OnReasoning(ReadOnlySpan<byte> text)
    {
    }

    void IChatDeltaSink.OnMessage(ref Utf8JsonReader reader) => reader.Skip();

    void IChatDeltaSink.OnFinishReason(ReadOnlySpan<byte> finishReason) => _incomplete = ResponsesIncompleteReasons.FromFinishReason(finishReason);

    /// <summary>The usage comes from the adapter's outcome, where its transcoder recorded it.</summary>
    void IChatDeltaSink.OnUsage(ref Utf8JsonReader reader) => reader.Skip();

    bool IChatDeltaSink.OnError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        // The adapter's in-stream error chunk: it has recorded the error on the outcome already.
        FailWith(_outcome.StreamError ?? new GatewayError(502, GatewayErrorTypes.Upstream, "The provider reported an error mid-stream.", "upstream_error"), Output);
        return true;
    }

    void IChatDeltaSink.OnToolCall(in ChatToolCallDelta call)
    {
        var output = Output;
        if (call.Id is not null || (_open < 0 || _items.KindOf(_open) != ResponseOutputItemKind.FunctionCall || call.Index != _openToolIndex))
        {
            CloseOpen(output);
            Start(output);
            _open = _items.StartFunctionCall(call.Id ?? string.Empty, call.Name ?? string.Empty);
            _openToolIndex = call.Index;
            BeginEvent("response.output_item.added"u8);
            _json.WriteNumber("output_index"u8, _open);
            _json.WritePropertyName("item"u8);
            _items.WriteItem(_json, _open, done: false);
            EndEvent("response.output_item.added"u8, output);
        }
        if (!call.Arguments.IsEmpty)
        {
            _items.Append(call.Arguments);
            BeginEvent("response.function_call_arguments.delta"u8);
            _json.WriteString("item_id"u8, _items.ItemId(_open));
            _json.WriteNumber("output_index"u8, _open);
            _json.WriteString("delta"u8, call.Arguments);
            EndEvent("response.function_call_arguments.delta"u8, output);
        }
    }

    private void OnText(ReadOnlySpan<byte> text, IBufferWriter<byte> output)
    {
        if (_open < 0 || _items.KindOf(_open) != ResponseOutputItemKind.Message)
        {
            CloseOpen(output);
            Start(output);
            _open = _items.StartMessage();
            BeginEvent("response.output_item.added"u8);
            _json.WriteNumber("output_index"u8, _open);
            _json.WritePropertyName("item"u8);
            _items.WriteItem(_json, _open, done: false);
            EndEvent("response.output_item.added"u8, output);
            BeginEvent("response.content_part.added"u8);
            WritePartPosition();
            _json.WritePropertyName("part"u8);
            ResponseOutputItems.WriteTextPart(_json, default);
            EndEvent("response.content_part.added"u8, output);
        }
        _items.Append(text);
        BeginEvent("response.output_text.delta"u8);
        WritePartPosition();
        _json.WriteString("delta"u8, text);
        _json.WritePropertyName("logprobs"u8);
        _json.WriteStartArray();
        _json.WriteEndArray();
        EndEvent("response.output_text.delta"u8, output);
    }

    private void WritePartPosition()
    {
        _json.WriteString("item_id"u8, _items.ItemId(_open));
        _json.WriteNumber("output_index"u8, _open);
        _json.WriteNumber("content_index"u8, 0);
    }

    private void CloseOpen(IBufferWriter<byte> output)
    {
        if (_open < 0)
        {
            return;
        }
        if (_items.KindOf(_open) == ResponseOutputItemKind.Message)
        {
            BeginEvent("response.output_text.done"u8);
            WritePartPosition();
            _json.WriteString("text"u8, _items.Text(_open));
            _json.WritePropertyName("logprobs"u8);
            _json.WriteStartArray();
            _json.WriteEndArray();
            EndEvent("response.output_text.done"u8, output);
            BeginEvent("response.content_part.done"u8);
            WritePartPosition();
            _json.WritePropertyName("part"u8);
            ResponseOutputItems.WriteTextPart(_json, _items.Text(_open));
            EndEvent("response.content_part.done"u8, output);
        }
        else
        {
            BeginEvent("response.function_call_arguments.done"u8);
            _json.WriteString("item_id"u8, _items.ItemId(_open));
            _json.WriteNumber("output_index"u8, _open);
            _json.WriteString("name"u8, _items.NameOf(_open));
            _json.WriteString("arguments"u8, _items.Text(_open));
            EndEvent("response.function_call_arguments.done"u8, output);
        }
        BeginEvent("response.output_item.done"u8);
        _json.WriteNumber("output_index"u8, _open);
        _json.WritePropertyName("item"u8);
        _items.WriteItem(_json, _open, done: true);
        EndEvent("response.output_item.done"u8, output);
        _open = -1;
        _openToolIndex = -1;
    }

    /// <summary><c>response.created</c> and <c>response.in_progress</c>, once, before the first item.</summary>
    private void Start(IBufferWriter<byte> output)
    {
        if (_started)
        {
            return;
        }
        _started = true;
        WriteLifecycle("response.created"u8, new ResponseHead(_id, _created, _model, "in_progress", _stored), null, output, withOutput: false);
        WriteLifecycle("response.in_progress"u8, new ResponseHead(_id, _created, _model, "in_progress", _stored), null, output, withOutput: false);
    }

    private void Finish(IBufferWriter<byte> output)
    {
        Start(output);
        CloseOpen(output);
        var incomplete = _incomplete;
        var head = new ResponseHead(_id, _created, _model, incomplete is null ? "completed" : "incomplete", _stored, incomplete);
        WriteLifecycle(incomplete is null ? "response.completed"u8 : "response.incomplete"u8, head, null, output, withOutput: true);
        _ended = true;
        _finished?.Invoke(_response.WrittenMemory);
    }

    private void FailWith(GatewayError error, IBufferWriter<byte> output)
    {
        Start(output);
        CloseOpen(output);
        WriteLifecycle("response.failed"u8, new ResponseHead(_id, _created, _model, "failed", _stored), error, output, withOutput: true);
        _ended = true;
        _failed = true;
    }

    private void WriteLifecycle(ReadOnlySpan<byte> type, in ResponseHead head, GatewayError? error, IBufferWriter<byte> output, bool withOutput)
    {
        _response.Reset();
        using (var response = new Utf8JsonWriter(_response, JsonWriting.Options))
        {
            ResponseObjectWriter.Write(response, _request, head, withOutput ? _items : null, withOutput ? _outcome.Usage : null, error);
        }
        BeginEvent(type);
        _json.WritePropertyName("response"u8);
        _json.WriteRawValue(_response.WrittenSpan, skipInputValidation: true);
        EndEvent(type, output);
    }

    private void BeginEvent(ReadOnlySpan<byte> type)
    {
        _event.Reset();
        _json.Reset(_event);
        _json.WriteStartObject();
        _json.WriteString("type"u8, type);
        _json.WriteNumber("sequence_number"u8, _sequence++);
    }

    private void EndEvent(ReadOnlySpan<byte> type, IBufferWriter<byte> output)
    {
        _json.WriteEndObject();
        _json.Flush();
        ResponsesSse.WriteEvent(output, type, _event.WrittenSpan);
    }
}
