namespace Gateway.Transforms.Sse;

/// <summary>
/// An incremental, allocation-free server-sent events parser (WHATWG event-stream rules): bytes arrive in
/// any slicing, lines end in LF, CRLF or CR (a CR at the end of one slice and an LF at the start of the next
/// are one line end), <c>data</c> lines join with LF and a blank line dispatches.
/// </summary>
/// <remarks>
/// System.Net.ServerSentEvents' SseParser allocates a string per event type and owns the stream reads;
/// the transcoders need byte-level event types and a push model driven by the forwarder's reads.
/// What it holds is bounded: an event (its data, type and the line being read) larger than the cap given at
/// construction stops the reader, so a provider that sends one endless line cannot grow the gateway's memory.
/// </remarks>
internal sealed class SseEventReader : IDisposable
{
    /// <summary>The cap on one event unless the caller gives another (16 MiB).</summary>
    public const int DefaultMaxEventBytes = 16 * 1024 * 1024;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly PooledByteBufferWriter _line = new(1024);
    private readonly PooledByteBufferWriter _data = new(4096);
    private readonly PooledByteBufferWriter _eventType = new(64);
    private readonly int _maxEventBytes;
    private bool _hasData;
    private bool _pendingCarriageReturn;
    private int _bomBytesChecked;

    public SseEventReader(int maxEventBytes = DefaultMaxEventBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventBytes, 1);
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>True once an event outgrew the cap; later input is ignored.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Delivers every event completed by <paramref name="input"/>. Returns false once an event has outgrown the cap.</summary>
    public bool Feed(ReadOnlySpan<byte> input, ISseEventSink handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Overflowed)
        {
            return false;
        }
        input = SkipBom(input);
        while (!input.IsEmpty)
        {
            if (_pendingCarriageReturn)
            {
                _pendingCarriageReturn = false;
                if (input[0] == (byte)'\n')
                {
                    input = input[1..];
                    continue;
                }
            }

            var end = input.IndexOfAny((byte)'\r', (byte)'\n');
            var lineEnd = end < 0 ? input.Length : end;
            if ((long)_line.WrittenCount + lineEnd + _data.WrittenCount + _eventType.WrittenCount > _maxEventBytes)
            {
                return Overflow();
            }
            if (end < 0)
            {
                _line.Write(input);
                return true;
            }

            if (_line.WrittenCount > 0)
            {
                _line.Write(input[..end]);
                ProcessLine(_line.WrittenSpan, handler);
                _line.Reset();
            }
            else if (TryDispatchWhole(input, end, handler))
            {
                input = input[(end + 2)..];
                continue;
            }
            else
            {
                ProcessLine(input[..end], handler);
            }

            if (input[end] == (byte)'\r')
            {
                if (end + 1 < input.Length)
                {
                    input = input[(end + (input[end + 1] == (byte)'\n' ? 2 : 1))..];
                }
                else
                {
                    _pendingCarriageReturn = true;
                    input = [];
                }
            }
            else
            {
                input = input[(end + 1)..];
            }
        }
        return true;
    }

    /// <summary>End of stream: a last event without its blank line is still delivered (providers are not always strict).</summary>
    public void Complete(ISseEventSink handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Overflowed)
        {
            return;
        }
        if (_line.WrittenCount > 0)
        {
            ProcessLine(_line.WrittenSpan, handler);
            _line.Reset();
        }
        Dispatch(handler);
    }

    public void Dispose()
    {
        _line.Dispose();
        _data.Dispose();
        _eventType.Dispose();
    }

    private bool Overflow()
    {
        Overflowed = true;
        _line.Reset();
        _data.Reset();
        _eventType.Reset();
        _hasData = false;
        return false;
    }

    private ReadOnlySpan<byte> SkipBom(ReadOnlySpan<byte> input)
    {
        while (_bomBytesChecked < Bom.Length && !input.IsEmpty)
        {
            if (input[0] != Bom[_bomBytesChecked])
            {
                _bomBytesChecked = Bom.Length;
                break;
            }
            input = input[1..];
            _bomBytesChecked++;
        }
        return input;
    }

    /// <summary>
    /// The common event, one <c>data</c> line ended by LF and the blank line right after it, with nothing of the event
    /// read before: delivered from the input as it stands, not copied first. False, having done nothing, otherwise.
    /// </summary>
    private bool TryDispatchWhole(ReadOnlySpan<byte> input, int end, ISseEventSink handler)
    {
        if (_hasData || _eventType.WrittenCount > 0 || input[end] != (byte)'\n' || end + 1 >= input.Length || input[end + 1] != (byte)'\n'
            || !input.StartsWith("data:"u8))
        {
            return false;
        }
        var value = input[5..end];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }
        handler.OnEvent([], value);
        return true;
    }

    private void ProcessLine(ReadOnlySpan<byte> line, ISseEventSink handler)
    {
        if (line.IsEmpty)
        {
            Dispatch(handler);
            return;
        }
        if (line[0] == (byte)':')
        {
            return;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            if (_hasData)
            {
                _data.Write("\n"u8);
            }
            _data.Write(value);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventType.Reset();
            _eventType.Write(value);
        }
    }

    private void Dispatch(ISseEventSink handler)
    {
        if (_hasData)
        {
            handler.OnEvent(_eventType.WrittenSpan, _data.WrittenSpan);
        }
        _data.Reset();
        _eventType.Reset();
        _hasData = false;
    }
}
