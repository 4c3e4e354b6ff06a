namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Gemini's function calls carry no id OpenAI clients can use, so ids are made up as
/// <c>call_{responseId}_{choice}_{n}</c>: stable within a response, distinct across responses.
/// One buffer per response; each id is valid until the next one is made.
/// </summary>
internal sealed class GeminiToolCallIds
{
    private readonly byte[] _buffer;
    private readonly int _prefixLength;

    public GeminiToolCallIds(string responseId)
    {
        var prefix = Encoding.UTF8.GetBytes($"call_{responseId}_");
        _prefixLength = prefix.Length;
        // Two int32 values and one separator fit in 23 bytes.
        _buffer = new byte[prefix.Length + 23];
        prefix.CopyTo(_buffer, 0);
    }

    public ReadOnlySpan<byte> Create(int choice, int toolIndex)
    {
        var span = _buffer.AsSpan(_prefixLength);
        choice.TryFormat(span, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        span[written++] = (byte)'_';
        toolIndex.TryFormat(span[written..], out var more, default, System.Globalization.CultureInfo.InvariantCulture);
        return _buffer.AsSpan(0, _prefixLength + written + more);
    }
}
