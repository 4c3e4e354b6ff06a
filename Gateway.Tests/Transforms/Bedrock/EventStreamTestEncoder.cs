using System.Buffers.Binary;

namespace Gateway.Tests.Transforms.Bedrock;

/// <summary>
/// Test-side encoder for <c>application/vnd.amazon.eventstream</c> messages, written from the format description
/// (prelude, string headers of value type 7, payload, CRC-32s) with its own bitwise CRC, independent of the code under test.
/// </summary>
internal static class EventStreamTestEncoder
{
    public static byte[] Encode(IReadOnlyList<(string Name, string Value)> headers, byte[] payload)
    {
        var headerBytes = new List<byte>();
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var valueBytes = Encoding.UTF8.GetBytes(value);
            headerBytes.Add((byte)nameBytes.Length);
            headerBytes.AddRange(nameBytes);
            headerBytes.Add(7);
            headerBytes.Add((byte)(valueBytes.Length >> 8));
            headerBytes.Add((byte)valueBytes.Length);
            headerBytes.AddRange(valueBytes);
        }
        var total = 16 + headerBytes.Count + payload.Length;
        var message = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(message, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), (uint)headerBytes.Count);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), Crc(message.AsSpan(0, 8)));
        headerBytes.CopyTo(message, 12);
        payload.CopyTo(message, 12 + headerBytes.Count);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(total - 4), Crc(message.AsSpan(0, total - 4)));
        return message;
    }

    /// <summary>A Bedrock event message: <c>:event-type</c>, <c>:content-type</c>, <c>:message-type</c>, in the order Bedrock sends them.</summary>
    public static byte[] Event(string eventType, string payloadJson) => Encode(
        [(":event-type", eventType), (":content-type", "application/json"), (":message-type", "event")],
        Encoding.UTF8.GetBytes(payloadJson));

    public static byte[] Exception(string exceptionType, string payloadJson) => Encode(
        [(":exception-type", exceptionType), (":content-type", "application/json"), (":message-type", "exception")],
        Encoding.UTF8.GetBytes(payloadJson));

    /// <summary>Encodes a fixture of lines <c>&lt;message-type&gt; &lt;type&gt; &lt;payload&gt;</c> into one byte stream.</summary>
    public static byte[] EncodeFixture(string text)
    {
        var stream = new List<byte>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var first = line.IndexOf(' ', StringComparison.Ordinal);
            var second = line.IndexOf(' ', first + 1);
            var kind = line[..first];
            var type = line[(first + 1)..second];
            var payload = line[(second + 1)..];
            stream.AddRange(kind == "exception" ? Exception(type, payload) : Event(type, payload));
        }
        return [.. stream];
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
