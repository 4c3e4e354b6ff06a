namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>
/// Formatted lines waiting to be written: whole lines appended into 64 KB segments that are reused, so no object per
/// line outlives its request (an object held for a flush interval would survive garbage collections and be copied
/// into older generations: that, more than the formatting, is what a queue of records costs). Bounded by
/// <c>maxBytes</c>. Not thread-safe: <see cref="AccessLogWriter"/> locks around it.
/// </summary>
internal sealed class AccessLogBuffer
{
    public const int SegmentBytes = 64 * 1024;
    private const int KeptSpares = 4;

    private readonly List<Segment> _filled = [];
    private readonly Stack<byte[]> _spares = new();
    private byte[]? _current;
    private int _currentLength;

    /// <summary>Bytes waiting.</summary>
    public long Length { get; private set; }

    /// <summary>Appends <paramref name="line"/> unless that would hold more than <paramref name="maxBytes"/>.</summary>
    public bool TryAppend(ReadOnlySpan<byte> line, long maxBytes)
    {
        if (Length + line.Length > maxBytes)
        {
            return false;
        }
        while (!line.IsEmpty)
        {
            if (_current is null || _currentLength == _current.Length)
            {
                if (_current is not null)
                {
                    _filled.Add(new Segment(_current, _currentLength));
                }
                _current = _spares.Count > 0 ? _spares.Pop() : new byte[SegmentBytes];
                _currentLength = 0;
            }
            var room = Math.Min(line.Length, _current.Length - _currentLength);
            line[..room].CopyTo(_current.AsSpan(_currentLength));
            _currentLength += room;
            Length += room;
            line = line[room..];
        }
        return true;
    }

    /// <summary>Moves everything waiting into <paramref name="batch"/> (segments in order) and starts empty.</summary>
    public void TakeAll(List<Segment> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.AddRange(_filled);
        _filled.Clear();
        if (_current is not null && _currentLength > 0)
        {
            batch.Add(new Segment(_current, _currentLength));
            _current = null;
            _currentLength = 0;
        }
        Length = 0;
    }

    /// <summary>Takes back the segments of a written batch for reuse (a few; the rest are left to the collector).</summary>
    public void Return(List<Segment> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var segment in batch)
        {
            if (_spares.Count < KeptSpares && segment.Bytes.Length == SegmentBytes)
            {
                _spares.Push(segment.Bytes);
            }
        }
        batch.Clear();
    }

    internal readonly record struct Segment(byte[] Bytes, int Length)
    {
        public ReadOnlySpan<byte> Span => Bytes.AsSpan(0, Length);
    }
}
