using System.IO.Pipelines;
using Gateway.Proxy.Forwarding;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// A converted stream's client side: writes reach the client only when flushed (before the provider's stream makes the
/// copy wait) or past the byte limit; the first write commits the response.
/// </summary>
[TestFixture]
public sealed class CoalescingResponseBodyTests
{
    [Test]
    public async Task Holds_writes_until_flushed_and_sends_them_together()
    {
        var inner = new PipeResponseBody();
        var body = new CoalescingResponseBody(inner, flushBytes: 1024);

        await body.WriteAsync("data: one\n\n"u8.ToArray());
        await body.WriteAsync("data: two\n\n"u8.ToArray());

        Assert.That(inner.Pipe.Reader.TryRead(out _), Is.False, "nothing reaches the client before the flush");
        Assert.That(body.Unflushed, Is.EqualTo(22));

        await body.FlushPendingAsync(CancellationToken.None);

        Assert.That(inner.Pipe.Reader.TryRead(out var read), Is.True);
        Assert.That(Encoding.UTF8.GetString(read.Buffer), Is.EqualTo("data: one\n\ndata: two\n\n"), "both writes in one read");
        Assert.That(body.Unflushed, Is.Zero);
        Assert.That(inner.Flushes, Is.EqualTo(1));
    }

    [Test]
    public async Task Flushes_on_its_own_once_the_unflushed_bytes_reach_the_limit()
    {
        var inner = new PipeResponseBody();
        var body = new CoalescingResponseBody(inner, flushBytes: 16);

        await body.WriteAsync("data: one\n\n"u8.ToArray());
        Assert.That(inner.Flushes, Is.Zero);
        await body.WriteAsync("data: two\n\n"u8.ToArray());

        Assert.That(inner.Flushes, Is.EqualTo(1), "22 bytes passed the limit of 16");
        Assert.That(inner.Pipe.Reader.TryRead(out var read), Is.True);
        Assert.That(read.Buffer.Length, Is.EqualTo(22));
    }

    [Test]
    public async Task A_flush_with_nothing_written_since_the_last_does_not_reach_the_server()
    {
        var inner = new PipeResponseBody();
        var body = new CoalescingResponseBody(inner, flushBytes: 1024);

        await body.FlushPendingAsync(CancellationToken.None);
        await body.WriteAsync("data: one\n\n"u8.ToArray());
        await body.FlushPendingAsync(CancellationToken.None);
        await body.FlushPendingAsync(CancellationToken.None);

        Assert.That(inner.Flushes, Is.EqualTo(1));
    }

    [Test]
    public async Task Commits_the_response_on_the_first_write_only()
    {
        var inner = new PipeResponseBody();
        IHttpResponseBodyFeature body = new CoalescingResponseBody(inner, flushBytes: 1024);

        Assert.That(inner.Starts, Is.Zero);
        await body.Stream.WriteAsync("data: one\n\n"u8.ToArray());
        await body.Stream.WriteAsync("data: two\n\n"u8.ToArray());

        Assert.That(inner.Starts, Is.EqualTo(1));
        Assert.That(body.Writer, Is.SameAs(inner.Writer), "other writers go to the server's pipe directly");
    }

    [Test]
    public async Task A_flush_cancelled_by_the_copy_is_reported_to_it()
    {
        // A pause threshold of one byte: the flush waits for the client, so cancelling the copy cancels it.
        var inner = new PipeResponseBody(new PipeOptions(pauseWriterThreshold: 1, resumeWriterThreshold: 1));
        var body = new CoalescingResponseBody(inner, flushBytes: 1024);
        using var cancel = new CancellationTokenSource();
        await body.WriteAsync("data: one\n\n"u8.ToArray());

        var flush = body.FlushPendingAsync(cancel.Token);
        Assert.That(flush.IsCompleted, Is.False, "the client has not read");
        await cancel.CancelAsync();

        Assert.That(async () => await flush, Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>A server's response body over a pipe the test reads as the client would; counts starts and flushes.</summary>
    private sealed class PipeResponseBody(PipeOptions? options = null) : IHttpResponseBodyFeature
    {
        private readonly CountingWriter _writer = new(new Pipe(options ?? PipeOptions.Default));

        public Pipe Pipe => _writer.Pipe;

        public int Flushes => _writer.Flushes;

        public int Starts { get; private set; }

        public Stream Stream => throw new NotSupportedException();

        public PipeWriter Writer => _writer;

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default)
        {
            Starts++;
            return Task.CompletedTask;
        }

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task CompleteAsync() => _writer.CompleteAsync().AsTask();
    }

    private sealed class CountingWriter(Pipe pipe) : PipeWriter
    {
        public Pipe Pipe { get; } = pipe;

        public int Flushes { get; private set; }

        public override void Advance(int bytes) => Pipe.Writer.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => Pipe.Writer.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Pipe.Writer.GetSpan(sizeHint);

        public override void CancelPendingFlush() => Pipe.Writer.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => Pipe.Writer.Complete(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Flushes++;
            return Pipe.Writer.FlushAsync(cancellationToken);
        }
    }
}
