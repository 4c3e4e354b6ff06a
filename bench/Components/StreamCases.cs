using Gateway.Transforms;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Providers.OpenAi;
using Gateway.Transforms.Streaming;

namespace Gateway.Bench.Components;

/// <summary>
/// A whole stream as the gateway converts one: the fake upstream's 23 events and <c>[DONE]</c>
/// (<c>fixtures/openai-stream.txt</c>), arriving in reads of at most 4 KiB (HttpClient's buffer), through a new
/// transcoder and <see cref="TranscodingStream"/>, read as YARP's copier reads (a zero-byte read, then into its buffer).
/// Everything a stream sets up and converts, nothing of the sockets.
/// </summary>
internal static class StreamCases
{
    public static void Run(int operations)
    {
        var upstream = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "openai-stream.txt"));
        var copy = new byte[65536];
        var context = new ResponseContext
        {
            ResponseId = "gen-1796540066-aJIn8ePpx4G2ffY9uROj", Created = 1694268190, ProviderId = "fake", Model = "gpt-4o-mini", IncludeUsage = true,
        };
        var failure = new GatewayError(502, GatewayErrorTypes.Upstream, "The provider's stream broke.", "upstream_error");
        var adapter = new OpenAiAdapter();
        var total = 0L;

        void Stream()
        {
            var outcome = new ResponseOutcome();
            using var stream = new TranscodingStream(
                new SlicedStream(upstream, 4096), adapter.CreateStreamTranscoder(context, outcome), TimeSpan.FromSeconds(300), _ => failure);
            stream.PrimeAsync(default).AsTask().GetAwaiter().GetResult();
            while (true)
            {
                stream.ReadAsync(Memory<byte>.Empty).AsTask().GetAwaiter().GetResult();
                var read = stream.ReadAsync(copy).AsTask().GetAwaiter().GetResult();
                if (read == 0)
                {
                    break;
                }
                total += read;
            }
        }

        CpuTime.Measure("whole stream, 23 events in reads of 4 KiB", operations, Stream);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Stream();
        }
        Console.Error.WriteLine($"bytes allocated a stream: {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1000}");
        Console.WriteLine(total);
    }

    /// <summary>A provider's answer body: the bytes in reads of at most a slice, each completed at once.</summary>
    private sealed class SlicedStream(byte[] bytes, int slice) : Stream
    {
        private int _at;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position { get => _at; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(slice, buffer.Length), bytes.Length - _at);
            bytes.AsSpan(_at, count).CopyTo(buffer);
            _at += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
