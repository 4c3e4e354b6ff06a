using System.IO.Compression;
using Microsoft.AspNetCore.RequestDecompression;

namespace Gateway.Proxy.Pipeline;

/// <summary>
/// <c>Content-Encoding: br</c> request bodies. ASP.NET's own provider hands out a plain <see cref="BrotliStream"/>, which
/// reports a body that is not brotli with an <see cref="InvalidOperationException"/>, not the
/// <see cref="InvalidDataException"/> of gzip and deflate: wrapped here so <see cref="RequestBodyReader"/> answers 400 for
/// all three alike.
/// </summary>
internal sealed class BrotliRequestDecompressionProvider : IDecompressionProvider
{
    public Stream GetDecompressionStream(Stream stream) =>
        new BrotliBodyStream(new BrotliStream(stream, CompressionMode.Decompress, leaveOpen: true));
}
