using System.Buffers;
using Gateway.Proxy.Pipeline;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>
/// One attempt's body of a <see cref="MultipartUpload"/>: the held head with <c>model</c>'s value replaced, then the
/// rest of the client's body as it arrives, each slice scanned before it is passed on (a delimiter split across reads is
/// held back until it is whole). Exceeding the size limit, a malformed or truncated form, or a failed client read
/// throws, which makes YARP abort the provider's request; the upload keeps the client's error.
/// </summary>
internal sealed class MultipartUploadStream(MultipartUpload upload, byte[] model) : ReadOnlyBodyStream
{
    private long _headPosition;
    // Bytes at the front of the client's buffer already scanned but not yet passed on.
    private long _scannedAhead;
    private bool _ended;

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        var fromHead = ReadHead(destination.Span);
        if (fromHead > 0)
        {
            return fromHead;
        }
        if (_ended || upload.HeadIsWhole)
        {
            return 0;
        }
        var scanner = upload.Scanner;
        while (true)
        {
            var result = await upload.ReadClientAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (_scannedAhead < buffer.Length)
            {
                var fresh = buffer.Slice(_scannedAhead);
                var scanned = scanner.Scan(fresh, result.IsCompleted);
                upload.Count(scanned);
                _scannedAhead += scanned;
                if (scanner.Problem is { } problem)
                {
                    upload.AdvanceClient(buffer.Start, buffer.End);
                    throw upload.Fail(MultipartUpload.Malformed(problem), null);
                }
                if (upload.BytesRead + (fresh.Length - scanned) > upload.MaxBytes)
                {
                    upload.AdvanceClient(buffer.Start, buffer.End);
                    throw upload.Fail(MultipartUpload.TooLarge(upload.MaxBytes), null);
                }
            }
            var count = (int)Math.Min(_scannedAhead, destination.Length);
            if (count > 0)
            {
                buffer.Slice(0, count).CopyTo(destination.Span);
                _scannedAhead -= count;
                var consumed = buffer.GetPosition(count);
                // Scanned bytes still waiting must be returned at once by the next read, so they are not "examined".
                upload.AdvanceClient(consumed, _scannedAhead > 0 ? consumed : buffer.End);
                return count;
            }
            upload.AdvanceClient(buffer.Start, buffer.End);
            if (result.IsCompleted || scanner.Completed)
            {
                // The scanner has consumed the closing delimiter and any epilogue: nothing is left to send.
                _ended = true;
                return 0;
            }
        }
    }

    /// <summary>Copies the next bytes of the head (with the target's model in place of the client's).</summary>
    private int ReadHead(Span<byte> destination)
    {
        var scanner = upload.Scanner;
        var head = upload.Head.Span;
        var before = scanner.ModelOffset;
        var after = scanner.ModelOffset + scanner.ModelLength;
        var total = head.Length - scanner.ModelLength + model.Length;
        var written = 0;
        while (written < destination.Length && _headPosition < total)
        {
            ReadOnlySpan<byte> source;
            if (_headPosition < before)
            {
                source = head[(int)_headPosition..(int)before];
            }
            else if (_headPosition < before + model.Length)
            {
                source = model.AsSpan((int)(_headPosition - before));
            }
            else
            {
                source = head[(int)(after + (_headPosition - before - model.Length))..];
            }
            var take = Math.Min(source.Length, destination.Length - written);
            source[..take].CopyTo(destination[written..]);
            written += take;
            _headPosition += take;
        }
        return written;
    }
}
