using Gateway.Proxy.Forwarding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// A body the gateway holds whole replaces YARP's streamed content before the HTTP client sees the request, keeping the
/// content headers; its memory is not given back while a send still uses it.
/// </summary>
[TestFixture]
public sealed class SingleWriteBodyHandlerTests
{
    private static readonly byte[] Body = """{"model":"m","messages":[{"role":"user","content":"hi"}]}"""u8.ToArray();

    [Test]
    public async Task Sends_the_whole_body_in_place_of_the_streamed_content_with_its_headers()
    {
        var whole = new UpstreamBodyContent(Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://provider.test/v1/chat/completions") { Content = Streamed() };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content.Headers.ContentLength = Body.Length;
        request.Content.Headers.TryAddWithoutValidation("Content-Language", ["en", "de"]);
        request.Options.Set(SingleWriteBodyHandler.BodyKey, whole);
        var provider = new RecordingHandler();
        using var invoker = new HttpMessageInvoker(new SingleWriteBodyHandler(provider));

        using var _ = await invoker.SendAsync(request, CancellationToken.None);

        Assert.That(provider.Content, Is.SameAs(whole));
        Assert.That(provider.ContentType, Is.EqualTo("application/json"));
        Assert.That(provider.ContentLanguage, Is.EqualTo(new[] { "en", "de" }));
        Assert.That(provider.ContentLength, Is.EqualTo(Body.Length), "the length is the whole body's own");
        Assert.That(provider.Bytes, Is.EqualTo(Body));
    }

    [Test]
    public async Task Passes_a_request_without_a_whole_body_on_as_it_is()
    {
        var streamed = Streamed();
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://provider.test/v1/audio/transcriptions") { Content = streamed };
        var provider = new RecordingHandler();
        using var invoker = new HttpMessageInvoker(new SingleWriteBodyHandler(provider));

        using var _ = await invoker.SendAsync(request, CancellationToken.None);

        Assert.That(provider.Content, Is.SameAs(streamed));
        Assert.That(provider.Bytes, Is.EqualTo(Body));
    }

    [Test]
    public void Writes_the_body_to_the_connection_in_one_call()
    {
        using var connection = new CountingStream();

        new UpstreamBodyContent(Body).CopyTo(connection, null, CancellationToken.None);
        new UpstreamBodyContent(Body).CopyToAsync(connection).GetAwaiter().GetResult();

        Assert.That(connection.Writes, Is.EqualTo(2), "one write per send");
        Assert.That(connection.ToArray(), Is.EqualTo(Body.Concat(Body).ToArray()));
    }

    [Test]
    public async Task Gives_the_memory_back_only_once_a_send_still_running_is_over()
    {
        var whole = new UpstreamBodyContent(Body);
        var connection = new HeldStream();
        var sending = whole.CopyToAsync(connection);
        var memory = new DisposalProbe();

        whole.ReleaseAfterSend(memory);
        Assert.That(memory.Disposed, Is.False, "the send is still using the body");

        connection.Release();
        await sending;
        // Given back by a continuation of the send, which may run after the copy's own (and so after this await).
        await memory.WhenDisposed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(memory.Disposed, Is.True);
    }

    [Test]
    public async Task Over_http2_an_answer_before_the_whole_body_leaves_its_memory_in_use_until_the_send_ends()
    {
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Answers at once and never reads the body; ends the answer when told, and Kestrel then resets the stream.
        await using var provider = await LoopbackServer.StartAsync(app => app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            await context.Response.StartAsync();
            await context.Response.Body.FlushAsync();
            await finish.Task;
        }), HttpProtocols.Http2);
        using var invoker = new HttpMessageInvoker(new SingleWriteBodyHandler(new SocketsHttpHandler()));
        // Beyond the connection's and the stream's flow-control windows, so the send waits on a provider that does not read.
        var whole = new UpstreamBodyContent(new byte[4 * 1024 * 1024]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{provider.Url}/v1/chat/completions")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = Streamed(),
        };
        request.Options.Set(SingleWriteBodyHandler.BodyKey, whole);
        var memory = new DisposalProbe();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using (var response = await invoker.SendAsync(request, timeout.Token))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            whole.ReleaseAfterSend(memory);
            Assert.That(memory.Disposed, Is.False, "the body is still being sent");
            finish.SetResult();
        }

        await memory.WhenDisposed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(memory.Disposed, Is.True);
    }

    [Test]
    public void Gives_the_memory_back_at_once_when_no_send_is_running()
    {
        var memory = new DisposalProbe();

        new UpstreamBodyContent(Body).ReleaseAfterSend(memory);

        Assert.That(memory.Disposed, Is.True);
    }

    private static StreamContent Streamed() => new(new MemoryStream(Body));

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public HttpContent? Content { get; private set; }

        public string? ContentType { get; private set; }

        public string[] ContentLanguage { get; private set; } = [];

        public long? ContentLength { get; private set; }

        public byte[] Bytes { get; private set; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Content = request.Content;
            ContentType = Content!.Headers.ContentType?.ToString();
            ContentLanguage = Content.Headers.TryGetValues("Content-Language", out var languages) ? [.. languages] : [];
            ContentLength = Content.Headers.ContentLength;
            Bytes = await Content.ReadAsByteArrayAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            base.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }

    /// <summary>A connection whose write does not finish until released, as an HTTP/2 stream waiting for window.</summary>
    private sealed class HeldStream : MemoryStream
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.SetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _released.Task;
            await base.WriteAsync(buffer, cancellationToken);
        }
    }

    private sealed class DisposalProbe : IDisposable
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Disposed => _disposed.Task.IsCompleted;

        public Task WhenDisposed => _disposed.Task;

        public void Dispose() => _disposed.TrySetResult();
    }
}
