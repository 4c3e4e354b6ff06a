namespace Gateway.Transforms.Responses;

/// <summary>
/// The output items of a response the gateway writes from a chat answer (assistant text as a <c>message</c> item with one
/// <c>output_text</c> part, each tool call as a <c>function_call</c> item), with their text kept in one pooled buffer. Items
/// are built one at a time, so each item's text is one contiguous range. Item ids derive from the response id.
/// </summary>
internal sealed class ResponseOutputItems : IDisposable
{
    private readonly PooledByteBufferWriter _content = new(1024);
    private readonly List<Item> _items = [];
    private readonly string _idSuffix;

    /// <param name="responseId">The gateway's response id (<c>resp_…</c>); item ids are <c>msg_…</c> and <c>fc_…</c> after it.</param>
    public ResponseOutputItems(string responseId)
    {
        ArgumentNullException.ThrowIfNull(responseId);
        _idSuffix = responseId.StartsWith("resp_", StringComparison.Ordinal) ? responseId[5..] : responseId;
    }

    public int Count => _items.Count;

    /// <summary>The kind of the last item, when there is one.</summary>
    public ResponseOutputItemKind? LastKind => _items.Count == 0 ? null : _items[^1].Kind;

    /// <summary>Starts a <c>message</c> item; returns its output index.</summary>
    public int StartMessage() => Start(ResponseOutputItemKind.Message, null, null);

    /// <summary>Starts a <c>function_call</c> item; returns its output index.</summary>
    public int StartFunctionCall(string callId, string name) => Start(ResponseOutputItemKind.FunctionCall, callId, name);

    /// <summary>Adds to the last item's text (a message's text, a call's arguments).</summary>
    public void Append(ReadOnlySpan<byte> utf8)
    {
        _content.Write(utf8);
        var last = _items[^1];
        _items[^1] = last with { Length = last.Length + utf8.Length };
    }

    public string ItemId(int index) => _items[index].Id;

    public ResponseOutputItemKind KindOf(int index) => _items[index].Kind;

    /// <summary>A function call's name.</summary>
    public string? NameOf(int index) => _items[index].Name;

    public ReadOnlySpan<byte> Text(int index) => _content.WrittenSpan.Slice(_items[index].Start, _items[index].Length);

    /// <summary>Writes item <paramref name="index"/>: as just added (empty, in progress) or as done.</summary>
    public void WriteItem(Utf8JsonWriter json, int index, bool done)
    {
        ArgumentNullException.ThrowIfNull(json);
        var item = _items[index];
        json.WriteStartObject();
        if (item.Kind == ResponseOutputItemKind.Message)
        {
            json.WriteString("id"u8, item.Id);
            json.WriteString("type"u8, "message"u8);
            json.WriteString("status"u8, done ? "completed"u8 : "in_progress"u8);
            json.WriteString("role"u8, "assistant"u8);
            json.WritePropertyName("content"u8);
            json.WriteStartArray();
            if (done)
            {
                WriteTextPart(json, Text(index));
            }
            json.WriteEndArray();
        }
        else
        {
            json.WriteString("id"u8, item.Id);
            json.WriteString("type"u8, "function_call"u8);
            json.WriteString("status"u8, done ? "completed"u8 : "in_progress"u8);
            json.WriteString("call_id"u8, item.CallId);
            json.WriteString("name"u8, item.Name);
            json.WriteString("arguments"u8, done ? Text(index) : default);
        }
        json.WriteEndObject();
    }

    /// <summary>Writes <c>"output": [...]</c> with every item done.</summary>
    public void WriteOutput(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName("output"u8);
        json.WriteStartArray();
        for (var i = 0; i < _items.Count; i++)
        {
            WriteItem(json, i, done: true);
        }
        json.WriteEndArray();
    }

    /// <summary>An <c>output_text</c> content part.</summary>
    public static void WriteTextPart(Utf8JsonWriter json, ReadOnlySpan<byte> text)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("type"u8, "output_text"u8);
        json.WriteString("text"u8, text);
        json.WritePropertyName("annotations"u8);
        json.WriteStartArray();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public void Dispose() => _content.Dispose();

    private int Start(ResponseOutputItemKind kind, string? callId, string? name)
    {
        var index = _items.Count;
        var id = string.Concat(kind == ResponseOutputItemKind.Message ? "msg_" : "fc_", _idSuffix, "_", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _items.Add(new Item(kind, id, callId, name, _content.WrittenCount, 0));
        return index;
    }

    private readonly record struct Item(ResponseOutputItemKind Kind, string Id, string? CallId, string? Name, int Start, int Length);
}
