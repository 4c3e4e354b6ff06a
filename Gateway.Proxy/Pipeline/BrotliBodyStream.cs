using System.IO.Compression;

namespace Gateway.Proxy.Pipeline;

/// <summary>A read-only <see cref="BrotliStream"/> whose "invalid data" surfaces as <see cref="InvalidDataException"/>.</summary>
internal sealed class BrotliBodyStream(BrotliStream inner) : ReadOnlyBodyStream
{
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (InvalidOperationException ex)
        {
            throw NotBrotli(ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw NotBrotli(ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private static InvalidDataException NotBrotli(InvalidOperationException cause) =>
        new("The request body is not valid brotli data.", cause);
}
