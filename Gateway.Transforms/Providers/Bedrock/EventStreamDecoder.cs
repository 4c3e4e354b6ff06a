using System.Buffers.Binary;
using System.Globalization;

namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Incremental decoder for AWS's binary event stream (<c>application/vnd.amazon.eventstream</c>). Each message is
/// <c>total length (4) | headers length (4) | prelude CRC (4) | headers | payload | message CRC (4)</c>, big-endian,
/// CRC-32 over the prelude and over everything before the message CRC. Input may arrive in any slicing: whole
/// messages are decoded straight from the caller's slice and only a trailing partial message is copied.
/// </summary>
internal sealed class EventStreamDecoder : IDisposable
{
    /// <summary>The event stream format's ceiling for one message (16 MiB); larger lengths mean corrupt input.</summary>
    public const int MaxMessageLength = 16 * 1024 * 1024;

    private const int PreludeLength = 12;
    private const int Overhead = 16;

    private static readonly byte[] MessageTypeName = ":message-type"u8.ToArray();
    private static readonly byte[] EventTypeName = ":event-type"u8.ToArray();
    private static readonly byte[] ExceptionTypeName = ":exception-type"u8.ToArray();
    private static readonly byte[] ErrorCodeName = ":error-code"u8.ToArray();
    private static readonly byte[] ErrorMessageName = ":error-message"u8.ToArray();
    private static readonly byte[] ContentTypeName = ":content-type"u8.ToArray();

    private readonly int _maxMessageLength;
    private byte[] _partial = [];
    private int _count;
    private int _total;

    /// <param name="maxMessageLength">The largest message accepted (at most <see cref="MaxMessageLength"/>); a prelude announcing
    /// more fails the stream before any of it is held.</param>
    public EventStreamDecoder(int maxMessageLength = MaxMessageLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageLength, Overhead);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessageLength, MaxMessageLength);
        _maxMessageLength = maxMessageLength;
    }

    /// <summary>Why decoding stopped, once it has; later input is ignored.</summary>
    public string? Error { get; private set; }

    /// <summary>True while part of a message is held, waiting for the rest.</summary>
    public bool HasPartialMessage => _count > 0;

    /// <summary>Decodes every whole message in <paramref name="data"/> (with any held partial message first). Returns false on corrupt input.</summary>
    public bool Feed(ReadOnlySpan<byte> data, IEventStreamSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Error is not null)
        {
            return false;
        }

        if (_count > 0)
        {
            if (_count < PreludeLength)
            {
                var take = Math.Min(PreludeLength - _count, data.Length);
                Hold(data[..take]);
                data = data[take..];
                if (_count < PreludeLength)
                {
                    return true;
                }
                if (!TryReadPrelude(_partial.AsSpan(0, PreludeLength), out _total))
                {
                    return false;
                }
            }

            var rest = Math.Min(_total - _count, data.Length);
            Hold(data[..rest]);
            data = data[rest..];
            if (_count < _total)
            {
                return true;
            }
            _count = 0;
            if (!Dispatch(_partial.AsSpan(0, _total), sink))
            {
                return false;
            }
        }

        while (data.Length >= PreludeLength)
        {
            if (!TryReadPrelude(data, out var total))
            {
                return false;
            }
            if (data.Length < total)
            {
                break;
            }
            if (!Dispatch(data[..total], sink))
            {
                return false;
            }
            data = data[total..];
        }

        if (!data.IsEmpty)
        {
            Hold(data);
            if (_count >= PreludeLength && !TryReadPrelude(_partial.AsSpan(0, PreludeLength), out _total))
            {
                return false;
            }
        }
        return true;
    }

    public void Dispose()
    {
        var partial = _partial;
        _partial = [];
        _count = 0;
        if (partial.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(partial);
        }
    }

    private bool TryReadPrelude(ReadOnlySpan<byte> data, out int total)
    {
        var totalLength = BinaryPrimitives.ReadUInt32BigEndian(data);
        var headersLength = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        var preludeCrc = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        total = 0;
        if (Crc32.Compute(data[..8]) != preludeCrc)
        {
            return Fail("The event stream prelude checksum does not match.");
        }
        if (totalLength < Overhead || totalLength > MaxMessageLength || headersLength > totalLength - Overhead)
        {
            return Fail("The event stream message lengths are invalid.");
        }
        if (totalLength > _maxMessageLength)
        {
            return Fail(string.Create(CultureInfo.InvariantCulture,
                $"An event stream message of {totalLength} bytes is larger than the gateway's limit of {_maxMessageLength} bytes."));
        }
        total = (int)totalLength;
        return true;
    }

    private bool Dispatch(ReadOnlySpan<byte> message, IEventStreamSink sink)
    {
        var messageCrc = BinaryPrimitives.ReadUInt32BigEndian(message[^4..]);
        if (Crc32.Compute(message[..^4]) != messageCrc)
        {
            return Fail("The event stream message checksum does not match.");
        }

        var headersLength = (int)BinaryPrimitives.ReadUInt32BigEndian(message[4..]);
        var headers = message.Slice(PreludeLength, headersLength);
        var payload = message[(PreludeLength + headersLength)..^4];

        ReadOnlySpan<byte> messageType = default, eventType = default, exceptionType = default;
        ReadOnlySpan<byte> errorCode = default, errorMessage = default, contentType = default;
        var position = 0;
        while (position < headers.Length)
        {
            int nameLength = headers[position++];
            if (nameLength == 0 || position + nameLength + 1 > headers.Length)
            {
                return Fail("An event stream header name is malformed.");
            }
            var name = headers.Slice(position, nameLength);
            position += nameLength;
            var type = headers[position++];
            int valueLength;
            var valueStart = position;
            switch (type)
            {
                case 0 or 1:
                    valueLength = 0;
                    break;
                case 2:
                    valueLength = 1;
                    break;
                case 3:
                    valueLength = 2;
                    break;
                case 4:
                    valueLength = 4;
                    break;
                case 5 or 8:
                    valueLength = 8;
                    break;
                case 9:
                    valueLength = 16;
                    break;
                case 6 or 7:
                    if (position + 2 > headers.Length)
                    {
                        return Fail("An event stream header value is truncated.");
                    }
                    valueLength = BinaryPrimitives.ReadUInt16BigEndian(headers[position..]);
                    valueStart = position + 2;
                    break;
                default:
                    return Fail("An event stream header has an unknown value type.");
            }
            if (valueStart + valueLength > headers.Length)
            {
                return Fail("An event stream header value is truncated.");
            }
            if (type == 7)
            {
                var value = headers.Slice(valueStart, valueLength);
                if (name.SequenceEqual(EventTypeName))
                {
                    eventType = value;
                }
                else if (name.SequenceEqual(MessageTypeName))
                {
                    messageType = value;
                }
                else if (name.SequenceEqual(ContentTypeName))
                {
                    contentType = value;
                }
                else if (name.SequenceEqual(ExceptionTypeName))
                {
                    exceptionType = value;
                }
                else if (name.SequenceEqual(ErrorCodeName))
                {
                    errorCode = value;
                }
                else if (name.SequenceEqual(ErrorMessageName))
                {
                    errorMessage = value;
                }
            }
            position = valueStart + valueLength;
        }

        sink.OnMessage(new EventStreamMessage(messageType, eventType, exceptionType, errorCode, errorMessage, contentType, payload));
        return true;
    }

    private void Hold(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        var needed = _count + data.Length;
        if (needed > _partial.Length)
        {
            var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(_partial.Length * 2, 1024)));
            _partial.AsSpan(0, _count).CopyTo(next);
            if (_partial.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_partial);
            }
            _partial = next;
        }
        data.CopyTo(_partial.AsSpan(_count));
        _count = needed;
    }

    private bool Fail(string error)
    {
        Error = error;
        _count = 0;
        return false;
    }
}
