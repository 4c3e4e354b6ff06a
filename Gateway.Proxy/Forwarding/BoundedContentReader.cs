using Gateway.Transforms.Buffers;

namespace Gateway.Proxy.Forwarding;

/// <summary>Reads an upstream body into pooled memory, stopping at a limit.</summary>
internal static class BoundedContentReader
{
    /// <summary>Returns false when the body is longer than <paramref name="limit"/> (the buffer then holds the first part).</summary>
    public static async ValueTask<bool> ReadAsync(HttpContent content, PooledByteBufferWriter buffer, long limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return true;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return false;
            }
        }
    }
}
