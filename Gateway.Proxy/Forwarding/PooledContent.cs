using System.Net;
using Gateway.Transforms.Buffers;

namespace Gateway.Proxy.Forwarding;

/// <summary>A converted answer held in pooled memory, returned to the pool when the forwarder is done with it.</summary>
internal sealed class PooledContent : HttpContent
{
    private readonly PooledByteBufferWriter _buffer;

    public PooledContent(PooledByteBufferWriter buffer)
    {
        _buffer = buffer;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_buffer.WrittenMemory).AsTask();

    protected override Task<Stream> CreateContentReadStreamAsync()
    {
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(_buffer.WrittenMemory, out var segment);
        return Task.FromResult<Stream>(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _buffer.WrittenCount;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }
        base.Dispose(disposing);
    }
}
