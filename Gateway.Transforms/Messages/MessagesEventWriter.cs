namespace Gateway.Transforms.Messages;

/// <summary>
/// Writes Anthropic's server-sent events (<c>event: name</c>, <c>data: {json}</c>) with one reused JSON writer, so a stream
/// costs no allocation per event.
/// </summary>
internal sealed class MessagesEventWriter : IDisposable
{
    private readonly Utf8JsonWriter _json = new(Stream.Null, JsonWriting.Options);
    private IBufferWriter<byte>? _output;

    /// <summary>Starts the event; write its JSON object's members (its <c>type</c> is written) to the writer returned, then <see cref="End"/>.</summary>
    public Utf8JsonWriter Begin(IBufferWriter<byte> output, ReadOnlySpan<byte> name)
    {
        output.Write("event: "u8);
        output.Write(name);
        output.Write("\ndata: "u8);
        _output = output;
        _json.Reset(output);
        _json.WriteStartObject();
        _json.WriteString("type"u8, name);
        return _json;
    }

    public void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _output!.Write("\n\n"u8);
        _output = null;
    }

    /// <summary>An event whose data is given whole (the provider's own, passed through).</summary>
    public static void WriteRaw(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        output.Write("event: "u8);
        output.Write(name);
        output.Write("\ndata: "u8);
        output.Write(data);
        output.Write("\n\n"u8);
    }

    public void WritePing(IBufferWriter<byte> output)
    {
        Begin(output, "ping"u8);
        End();
    }

    public void WriteMessageStop(IBufferWriter<byte> output)
    {
        Begin(output, "message_stop"u8);
        End();
    }

    /// <summary>Anthropic's in-stream <c>error</c> event.</summary>
    public void WriteError(IBufferWriter<byte> output, GatewayError error)
    {
        output.Write("event: error\ndata: "u8);
        _json.Reset(output);
        MessagesErrors.Write(_json, error);
        _json.Flush();
        output.Write("\n\n"u8);
    }

    public void Dispose() => _json.Dispose();
}
