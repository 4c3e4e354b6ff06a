namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Reads JSON string tokens as UTF-8 without allocating: an unescaped token is returned in place, an escaped one
/// is unescaped into a reused pooled buffer. A returned span is valid until the next call.
/// </summary>
internal sealed class GeminiStringDecoder : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1024);

    /// <summary>The UTF-8 text of a string element.</summary>
    public ReadOnlySpan<byte> Utf8(JsonElement element) => Unescape(JsonMarshal.GetRawUtf8Value(element));

    /// <summary>The UTF-8 text of a raw string token (quotes included) that a reader has already validated.</summary>
    public ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> rawToken)
    {
        var inner = rawToken[1..^1];
        if (inner.IndexOf((byte)'\\') < 0)
        {
            return inner;
        }
        if (_buffer.Length < inner.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(inner.Length);
        }
        var reader = new Utf8JsonReader(rawToken);
        reader.Read();
        var written = reader.CopyString(_buffer);
        return _buffer.AsSpan(0, written);
    }

    public string Decode(ReadOnlySpan<byte> rawToken) => Encoding.UTF8.GetString(Unescape(rawToken));

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
