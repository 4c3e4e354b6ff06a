using System.Globalization;
using Gateway.Transforms.Sse;

namespace Gateway.Transforms.Streaming;

/// <summary>
/// Base for every transcoder that reads server-sent events (the providers' streams and the gateway's own chat chunks):
/// splits the bytes into whole events, at most the context's limit each, hands each to <see cref="OnEvent"/> with the
/// output of the current call, and ends the stream once, normally or with an error event in the transcoder's format.
/// With an outcome, the error and the end are recorded on it.
/// </summary>
public abstract class SseEventTranscoder : IStreamTranscoder, ISseEventSink
{
    private readonly SseEventReader _reader;
    private readonly ResponseOutcome? _outcome;
    private readonly bool _validateUtf8;
    private IBufferWriter<byte>? _output;

    /// <param name="outcome">The attempt's outcome, or null where another transcoder records it.</param>
    /// <param name="validateUtf8">Whether each event's data is checked before <see cref="OnEvent"/> (a provider's are; the gateway's own chunks need not be).</param>
    protected SseEventTranscoder(ResponseContext context, ResponseOutcome? outcome, bool validateUtf8)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        _outcome = outcome;
        _validateUtf8 = validateUtf8;
        _reader = new SseEventReader(context.MaxStreamEventBytes);
    }

    protected ResponseContext Context { get; }

    /// <summary>True once the stream has ended (normally, by error, or because the provider said it was done).</summary>
    protected bool Ended { get; private set; }

    /// <inheritdoc />
    public bool Failed { get; protected set; }

    /// <inheritdoc />
    public virtual bool OutputEnded => false;

    /// <summary>The output of the <see cref="Write"/> or <see cref="Complete"/> call under way, for callbacks not handed it.</summary>
    protected IBufferWriter<byte> Output => _output ?? throw new InvalidOperationException("No write is under way.");

    public void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output)
    {
        if (Ended)
        {
            return;
        }
        _output = output;
        if (!_reader.Feed(upstream, this))
        {
            Fail(OversizedEvent(), output);
        }
        _output = null;
    }

    public void Complete(IBufferWriter<byte> output)
    {
        if (Ended)
        {
            return;
        }
        _output = output;
        _reader.Complete(this);
        if (!Ended)
        {
            OnUpstreamEnd(output);
            End();
        }
        _output = null;
    }

    public void Fail(GatewayError error, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (Ended)
        {
            return;
        }
        if (_outcome is not null)
        {
            _outcome.StreamError ??= error;
        }
        WriteError(error, output);
        Failed = true;
        End();
    }

    void ISseEventSink.OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data)
    {
        if (Ended)
        {
            return;
        }
        if (TryPassKnownEvent(eventType, data, _output!))
        {
            return;
        }
        if (_validateUtf8 && !System.Text.Unicode.Utf8.IsValid(data))
        {
            // Checked once here so no converter meets invalid UTF-8 halfway through writing an event.
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

    /// <summary>
    /// Converts an event the transcoder recognises as well-formed without the UTF-8 check (one whose bytes it compared
    /// with an event it read before) and answers true; false, having done nothing, for any other event.
    /// </summary>
    protected virtual bool TryPassKnownEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output) => false;

    /// <summary>One whole event.</summary>
    protected abstract void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output);

    /// <summary>The upstream closed without the event that ends the stream: finish the stream or fail it.</summary>
    protected abstract void OnUpstreamEnd(IBufferWriter<byte> output);

    /// <summary>Writes the stream's last event for <paramref name="error"/> in the transcoder's format.</summary>
    protected abstract void WriteError(GatewayError error, IBufferWriter<byte> output);

    /// <summary>The error for an event larger than the context's limit.</summary>
    protected virtual GatewayError OversizedEvent() =>
        Malformed(string.Create(CultureInfo.InvariantCulture, $"a stream event larger than the gateway's limit of {Context.MaxStreamEventBytes} bytes"));

    /// <summary>Stops the stream: later input is ignored.</summary>
    protected void End()
    {
        Ended = true;
        if (_outcome is not null)
        {
            _outcome.StreamEnded = true;
        }
    }

    /// <summary>The error for a provider event the gateway cannot read: "Provider 'x' sent <paramref name="what"/>."</summary>
    protected GatewayError Malformed(string what = "a malformed stream event") =>
        new(502, GatewayErrorTypes.Upstream, $"Provider '{Context.ProviderId}' sent {what}.", GatewayError.UpstreamBadResponseCode);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }
    }
}
