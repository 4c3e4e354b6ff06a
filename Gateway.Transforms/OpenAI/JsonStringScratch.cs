namespace Gateway.Transforms.OpenAI;

/// <summary>Unescapes JSON string tokens into a reused pooled buffer, so copying text costs no allocation.</summary>
internal sealed class JsonStringScratch : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1024);

    /// <summary>The unescaped UTF-8 of the string token <paramref name="reader"/> is on; valid until the next call.</summary>
    public ReadOnlySpan<byte> Unescape(scoped ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan;
        }
        var needed = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (_buffer.Length < needed)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(needed);
        }
        var written = reader.CopyString(_buffer);
        return _buffer.AsSpan(0, written);
    }

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
