namespace Gateway.Transforms.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from the shared pool; reused by resetting. The first array is
/// rented on the first write, so a writer kept for what seldom comes (an event type, a line split across reads) costs none.
/// </summary>
public sealed class PooledByteBufferWriter : IBufferWriter<byte>, IDisposable
{
    private readonly int _initialCapacity;
    private byte[] _buffer = [];
    private int _written;
    private bool _disposed;

    public PooledByteBufferWriter(int initialCapacity = 4096)
    {
        _initialCapacity = Math.Max(initialCapacity, 256);
    }

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public void Reset() => _written = 0;

    /// <summary>Empties the writer and gives its array back to the pool; the next write rents again.</summary>
    public void Release()
    {
        _written = 0;
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Drops the first <paramref name="count"/> written bytes, keeping the rest.</summary>
    public void Consume(int count)
    {
        if (count >= _written)
        {
            _written = 0;
            return;
        }
        Buffer.BlockCopy(_buffer, count, _buffer, 0, _written - count);
        _written -= count;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetSpan(data.Length));
        _written += data.Length;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        Release();
        _disposed = true;
    }

    private void Ensure(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }
        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _initialCapacity));
            return;
        }
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        Buffer.BlockCopy(_buffer, 0, next, 0, _written);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }
}
