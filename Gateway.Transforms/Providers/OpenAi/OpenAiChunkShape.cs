using System.Buffers;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// The last spliced chunk of one stream whose only generated text is one <c>content</c> string, and the event it was
/// spliced into. Most chunks of a stream differ from the one before only in that string's bytes: such a chunk is
/// recognised by comparing the bytes around the string, and its event is the remembered event with the new string in
/// place of the old, written without reading the chunk's JSON or walking its fields again. Only a string the reader
/// would take as it stands (no escape, quote or control character, valid UTF-8) qualifies; any other chunk is read
/// whole, as every chunk was before.
/// </summary>
internal sealed class OpenAiChunkShape
{
    // Bytes that end a JSON string or make the reader do more than copy it: its quote, an escape, control characters.
    private static readonly SearchValues<byte> StringBreakers = SearchValues.Create(StringBreakerBytes());

    private byte[] _json = [];
    private byte[] _event = [];
    private int _length;
    private int _contentStart;
    private int _contentEnd;
    private int _eventLength;
    private int _eventContentStart;

    /// <summary>
    /// Remembers a chunk that was spliced: its bytes, its one <c>content</c> string's bytes between the quotes
    /// (<paramref name="contentStart"/> up to <paramref name="contentEnd"/>, the closing quote), the whole event it was
    /// spliced into, and where in that event the string's bytes start (copied as they are, so just as long).
    /// </summary>
    public void Remember(ReadOnlySpan<byte> json, int contentStart, int contentEnd, ReadOnlySpan<byte> written, int writtenContentStart)
    {
        var contentLength = contentEnd - contentStart;
        if (contentStart <= 0 || contentLength < 0 || contentEnd >= json.Length
            || writtenContentStart <= 0 || writtenContentStart + contentLength >= written.Length
            || !written.Slice(writtenContentStart, contentLength).SequenceEqual(json[contentStart..contentEnd]))
        {
            _length = 0;
            return;
        }
        // Room for longer text in the next chunks of the shape, so the copies are seldom made again.
        if (_json.Length < json.Length)
        {
            _json = new byte[json.Length + 64];
        }
        if (_event.Length < written.Length)
        {
            _event = new byte[written.Length + 64];
        }
        json.CopyTo(_json);
        written.CopyTo(_event);
        _length = json.Length;
        _contentStart = contentStart;
        _contentEnd = contentEnd;
        _eventLength = written.Length;
        _eventContentStart = writtenContentStart;
    }

    /// <summary>
    /// When <paramref name="json"/> is the remembered chunk with other bytes, that qualify, in its content string: writes
    /// its event to <paramref name="output"/>, sets <paramref name="content"/> to the string's bytes and answers true.
    /// Otherwise writes nothing and answers false.
    /// </summary>
    public bool TryWrite(ReadOnlySpan<byte> json, IBufferWriter<byte> output, out ReadOnlySpan<byte> content)
    {
        content = default;
        var suffixLength = _length - _contentEnd;
        if (_length == 0 || json.Length < _contentStart + suffixLength
            || !json.StartsWith(_json.AsSpan(0, _contentStart))
            || !json.EndsWith(_json.AsSpan(_contentEnd, suffixLength)))
        {
            return false;
        }
        var text = json[_contentStart..^suffixLength];
        if (text.ContainsAny(StringBreakers) || !System.Text.Unicode.Utf8.IsValid(text))
        {
            return false;
        }
        var eventTail = _event.AsSpan(_eventContentStart + (_contentEnd - _contentStart), _eventLength - _eventContentStart - (_contentEnd - _contentStart));
        var length = _eventContentStart + text.Length + eventTail.Length;
        var span = output.GetSpan(length);
        _event.AsSpan(0, _eventContentStart).CopyTo(span);
        text.CopyTo(span[_eventContentStart..]);
        eventTail.CopyTo(span[(_eventContentStart + text.Length)..]);
        output.Advance(length);
        content = text;
        return true;
    }

    private static byte[] StringBreakerBytes()
    {
        var bytes = new byte[0x20 + 2];
        for (var b = 0; b < 0x20; b++)
        {
            bytes[b] = (byte)b;
        }
        bytes[0x20] = (byte)'"';
        bytes[0x21] = (byte)'\\';
        return bytes;
    }
}
