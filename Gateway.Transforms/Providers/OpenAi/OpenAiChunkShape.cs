using System.Buffers;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// The last spliced chunk of one stream whose only generated text is one <c>content</c> string. Most chunks of a stream
/// differ from the one before only in that string's bytes: such a chunk is recognised by comparing the bytes around the
/// string, and spliced with the remembered field positions moved, without reading its JSON again. Only a string the
/// reader would take as it stands (no escape, quote or control character, valid UTF-8) qualifies; any other chunk is
/// read whole, as every chunk was before.
/// </summary>
internal sealed class OpenAiChunkShape
{
    // Bytes that end a JSON string or make the reader do more than copy it: its quote, an escape, control characters.
    private static readonly SearchValues<byte> StringBreakers = SearchValues.Create(StringBreakerBytes());

    private byte[] _json = [];
    private OpenAiChunkField[] _fields = [];
    private int _length;
    private int _fieldCount;
    private int _contentStart;
    private int _contentEnd;

    /// <summary>The most fields a remembered chunk may have.</summary>
    public const int FieldCapacity = 24;

    /// <summary>
    /// Remembers a chunk that was spliced: its bytes, its fields, and its one <c>content</c> string's bytes between the
    /// quotes (<paramref name="contentStart"/> up to <paramref name="contentEnd"/>, the closing quote).
    /// </summary>
    public void Remember(ReadOnlySpan<byte> json, ReadOnlySpan<OpenAiChunkField> fields, int contentStart, int contentEnd)
    {
        if (fields.Length > FieldCapacity || contentStart <= 0 || contentEnd < contentStart || contentEnd >= json.Length)
        {
            _length = 0;
            return;
        }
        if (_json.Length < json.Length)
        {
            // Room for longer text in the next chunks of the shape, so the copy is seldom made again.
            _json = new byte[json.Length + 64];
        }
        if (_fields.Length < fields.Length)
        {
            // Allocated once a chunk qualifies, and only as many as it has: a stream that never has one (tool calls
            // only) pays nothing.
            _fields = new OpenAiChunkField[fields.Length];
        }
        json.CopyTo(_json);
        fields.CopyTo(_fields);
        _length = json.Length;
        _fieldCount = fields.Length;
        _contentStart = contentStart;
        _contentEnd = contentEnd;
    }

    /// <summary>
    /// True when <paramref name="json"/> is the remembered chunk with other bytes, that qualify, in its content string:
    /// then <paramref name="fields"/> (at least <see cref="FieldCapacity"/> long) holds its fields, and
    /// <paramref name="content"/> the string's bytes.
    /// </summary>
    public bool TryMatch(ReadOnlySpan<byte> json, Span<OpenAiChunkField> fields, out int fieldCount, out ReadOnlySpan<byte> content)
    {
        fieldCount = 0;
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
        var shift = json.Length - _length;
        for (var i = 0; i < _fieldCount; i++)
        {
            fields[i] = _fields[i].Shifted(_contentEnd, shift);
        }
        fieldCount = _fieldCount;
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
