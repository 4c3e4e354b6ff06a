using System.Buffers;
using System.Globalization;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Sse;

namespace Gateway.Transforms.Streaming;

/// <summary>
/// Base for providers that stream server-sent events: splits the byte stream into events and hands each
/// whole event to <see cref="OnEvent"/>, with the chunk writer and the output of the current call.
/// </summary>
internal abstract class SseStreamTranscoder : IStreamTranscoder, ISseEventSink
{
    private readonly SseEventReader _reader;
    private IBufferWriter<byte>? _output;
    private bool _ended;

    protected SseStreamTranscoder(ResponseContext context, ResponseOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(context);
        _reader = new SseEventReader(context.MaxStreamEventBytes);
        Context = context;
        Outcome = outcome;
        Chunks = new ChatChunkWriter(context);
    }

    protected ResponseContext Context { get; }

    protected ResponseOutcome Outcome { get; }

    protected ChatChunkWriter Chunks { get; }

    protected JsonStringScratch Scratch { get; } = new();

    /// <summary>True once the stream has ended (normally, by error, or because the provider said it was done).</summary>
    protected bool Ended => _ended;

    /// <inheritdoc />
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
            Fail(Malformed(string.Create(CultureInfo.InvariantCulture, $"a stream event larger than the gateway's limit of {Context.MaxStreamEventBytes} bytes")), output);
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
            OnUpstreamEnd(output);
            End();
        }
        _output = null;
    }

    public void Fail(GatewayError error, IBufferWriter<byte> output)
    {
        if (_ended)
        {
            return;
        }
        Outcome.StreamError ??= error;
        Chunks.WriteError(output, error);
        Failed = true;
        End();
    }

    void ISseEventSink.OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data)
    {
        if (_ended)
        {
            return;
        }
        if (!System.Text.Unicode.Utf8.IsValid(data))
        {
            // Checked once here so no converter meets invalid UTF-8 halfway through writing a chunk.
            Fail(Malformed("a stream event that is not valid UTF-8"), _output!);
            return;
        }
        OnEvent(eventType, data, _output!);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>One whole SSE event from the provider.</summary>
    protected abstract void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output);

    /// <summary>The provider's stream ended without the provider-level end event: close the OpenAI stream.</summary>
    protected abstract void OnUpstreamEnd(IBufferWriter<byte> output);

    /// <summary>Stops the stream: later input is ignored.</summary>
    protected void End()
    {
        _ended = true;
        Outcome.StreamEnded = true;
    }

    /// <summary>The error for a provider event the gateway cannot read: "Provider 'x' sent <paramref name="what"/>."</summary>
    protected GatewayError Malformed(string what = "a malformed stream event") =>
        new(502, GatewayErrorTypes.Upstream, $"Provider '{Context.ProviderId}' sent {what}.", GatewayError.UpstreamBadResponseCode);

    /// <summary>Writes an in-stream error and ends the stream.</summary>
    protected void FailWith(GatewayError error, IBufferWriter<byte> output) => Fail(error, output);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            Chunks.Dispose();
            Scratch.Dispose();
        }
    }
}
