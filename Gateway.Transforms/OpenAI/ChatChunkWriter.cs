namespace Gateway.Transforms.OpenAI;

/// <summary>
/// Writes OpenAI <c>chat.completion.chunk</c> SSE events (<c>data: {…}\n\n</c>) for one stream.
/// One instance per stream; its JSON writer is reused for every event.
/// </summary>
public sealed class ChatChunkWriter : IDisposable
{
    private readonly ResponseContext _context;
    private readonly byte[] _id;
    private readonly long _created;
    private readonly byte[] _provider;
    private byte[] _model;
    private Utf8JsonWriter? _json;

    public ChatChunkWriter(ResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _id = Encoding.UTF8.GetBytes(context.ResponseId);
        _created = context.Created;
        _provider = Encoding.UTF8.GetBytes(context.ProviderId);
        _model = Encoding.UTF8.GetBytes(context.Model);
    }

    /// <summary>Replaces the reported model with the one the provider named in its stream.</summary>
    public void SetModel(ReadOnlySpan<byte> utf8Model)
    {
        if (!utf8Model.IsEmpty && !utf8Model.SequenceEqual(_model))
        {
            _model = utf8Model.ToArray();
        }
    }

    public void WriteRole(IBufferWriter<byte> output, int choice)
    {
        var json = Begin(output, choice);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, ""u8);
        EndChoice(output, json, default);
    }

    public void WriteText(IBufferWriter<byte> output, int choice, ReadOnlySpan<byte> utf8Text)
    {
        var json = Begin(output, choice);
        json.WriteString("content"u8, utf8Text);
        EndChoice(output, json, default);
    }

    /// <summary>Reasoning text, under both names clients look for (<c>reasoning_content</c> and <c>reasoning</c>).</summary>
    public void WriteReasoning(IBufferWriter<byte> output, int choice, ReadOnlySpan<byte> utf8Text)
    {
        var json = Begin(output, choice);
        json.WriteString("reasoning_content"u8, utf8Text);
        json.WriteString("reasoning"u8, utf8Text);
        EndChoice(output, json, default);
    }

    public void WriteToolCallStart(IBufferWriter<byte> output, int choice, int toolIndex, ReadOnlySpan<byte> id, ReadOnlySpan<byte> name)
    {
        var json = Begin(output, choice);
        json.WritePropertyName("tool_calls"u8);
        json.WriteStartArray();
        json.WriteStartObject();
        json.WriteNumber("index"u8, toolIndex);
        json.WriteString("id"u8, id);
        json.WriteString("type"u8, "function"u8);
        json.WritePropertyName("function"u8);
        json.WriteStartObject();
        json.WriteString("name"u8, name);
        json.WriteString("arguments"u8, ""u8);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        EndChoice(output, json, default);
    }

    public void WriteToolCallArguments(IBufferWriter<byte> output, int choice, int toolIndex, ReadOnlySpan<byte> utf8Fragment)
    {
        var json = Begin(output, choice);
        json.WritePropertyName("tool_calls"u8);
        json.WriteStartArray();
        json.WriteStartObject();
        json.WriteNumber("index"u8, toolIndex);
        json.WritePropertyName("function"u8);
        json.WriteStartObject();
        json.WriteString("arguments"u8, utf8Fragment);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        EndChoice(output, json, default);
    }

    public void WriteFinish(IBufferWriter<byte> output, int choice, ReadOnlySpan<byte> finishReason)
    {
        var json = Begin(output, choice);
        EndChoice(output, json, finishReason);
    }

    /// <summary>The final usage chunk: <c>choices: []</c> and <c>usage</c> (with <c>cost</c> when the client asked for it).</summary>
    public void WriteUsage(IBufferWriter<byte> output, in TokenUsage usage)
    {
        var json = BeginChunk(output);
        json.WritePropertyName("choices"u8);
        json.WriteStartArray();
        json.WriteEndArray();
        UsageJsonWriter.Write(json, usage, _context);
        json.WriteEndObject();
        End(output, json);
    }

    public static void WriteDone(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("data: [DONE]\n\n"u8);
    }

    /// <summary>
    /// An in-stream error, as OpenRouter sends it: a chunk carrying OpenAI's <c>error</c> object (which the Python
    /// and JS SDKs raise as an API error) and a choice finished with <c>"error"</c> (which the .NET SDK rejects,
    /// so its stream fails too instead of ending as if complete). No <c>[DONE]</c> follows.
    /// </summary>
    public void WriteError(IBufferWriter<byte> output, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var json = BeginChunk(output);
        json.WritePropertyName("error"u8);
        json.WriteStartObject();
        json.WriteString("message"u8, error.Message);
        json.WriteString("type"u8, error.Type);
        json.WriteNull("param"u8);
        if (error.Code is null)
        {
            json.WriteNull("code"u8);
        }
        else
        {
            json.WriteString("code"u8, error.Code);
        }
        json.WriteEndObject();
        json.WritePropertyName("choices"u8);
        json.WriteStartArray();
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WritePropertyName("delta"u8);
        json.WriteStartObject();
        json.WriteString("content"u8, ""u8);
        json.WriteEndObject();
        json.WriteString("finish_reason"u8, "error"u8);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        End(output, json);
    }

    public void Dispose() => _json?.Dispose();

    private Utf8JsonWriter Writer(IBufferWriter<byte> output)
    {
        if (_json is null)
        {
            _json = new Utf8JsonWriter(output, JsonWriting.Options);
        }
        else
        {
            _json.Reset(output);
        }
        return _json;
    }

    private Utf8JsonWriter BeginChunk(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("data: "u8);
        var json = Writer(output);
        json.WriteStartObject();
        json.WriteString("id"u8, _id);
        json.WriteString("object"u8, "chat.completion.chunk"u8);
        json.WriteNumber("created"u8, _created);
        json.WriteString("model"u8, _model);
        json.WriteString("provider"u8, _provider);
        return json;
    }

    private Utf8JsonWriter Begin(IBufferWriter<byte> output, int choice)
    {
        var json = BeginChunk(output);
        json.WritePropertyName("choices"u8);
        json.WriteStartArray();
        json.WriteStartObject();
        json.WriteNumber("index"u8, choice);
        json.WritePropertyName("delta"u8);
        json.WriteStartObject();
        return json;
    }

    private static void EndChoice(IBufferWriter<byte> output, Utf8JsonWriter json, ReadOnlySpan<byte> finishReason)
    {
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        if (finishReason.IsEmpty)
        {
            json.WriteNull("finish_reason"u8);
        }
        else
        {
            json.WriteString("finish_reason"u8, finishReason);
        }
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        End(output, json);
    }

    private static void End(IBufferWriter<byte> output, Utf8JsonWriter json)
    {
        json.Flush();
        output.Write("\n\n"u8);
    }
}
