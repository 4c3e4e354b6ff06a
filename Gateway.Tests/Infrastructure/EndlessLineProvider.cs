using System.Net.Sockets;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An OpenAI-compatible provider whose stream (after one ordinary chunk, if asked) is a single <c>data:</c> line that does
/// not end: it writes <see cref="LineBytes"/> bytes of it unless the gateway hangs up first, and records which happened.
/// Plain sockets rather than Kestrel, whose writes to a connection the peer has closed may complete without error: here a
/// write after the gateway hung up fails.
/// </summary>
public sealed class EndlessLineProvider : RawSocketProvider
{
    /// <summary>How much of the line is written before the provider gives up and ends it (far beyond any sane event cap).</summary>
    public const int LineBytes = 32 * 1024 * 1024;

    public const string FirstWord = "Hello";

    private readonly bool _firstChunk;
    private readonly TaskCompletionSource<bool> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _bytesSent;

    private EndlessLineProvider(bool firstChunk)
    {
        _firstChunk = firstChunk;
    }

    /// <summary>Bytes of the endless line written so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Completes with true when the gateway hung up before the whole line was written, false when all of it was.</summary>
    public Task<bool> HungUp => _finished.Task;

    /// <param name="firstChunk">Send one ordinary chunk carrying <see cref="FirstWord"/> before the endless line.</param>
    public static EndlessLineProvider Start(bool firstChunk)
    {
        var provider = new EndlessLineProvider(firstChunk);
        provider.Start();
        return provider;
    }

    protected override async Task ServeAsync(NetworkStream stream)
    {
        try
        {
            var buffer = new byte[64 * 1024];
            // The request's body is not looked at.
            await ReadRequestAsync(stream, buffer, 0, Stopping);
            // No length and no chunking: the body ends when the connection does.
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"u8.ToArray());
            if (_firstChunk)
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(
                    $"data: {{\"id\":\"endless-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"endless\",\"choices\":[{{\"index\":0,\"delta\":{{\"role\":\"assistant\",\"content\":\"{FirstWord}\"}},\"finish_reason\":null}}]}}\n\n"));
            }
            await stream.WriteAsync("data: {\"padding\":\""u8.ToArray());
            var block = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
            while (BytesSent < LineBytes)
            {
                await stream.WriteAsync(block, Stopping);
                Interlocked.Add(ref _bytesSent, block.Length);
            }
            await stream.WriteAsync("\"}\n\n"u8.ToArray());
            _finished.TrySetResult(false);
        }
        catch (IOException)
        {
            _finished.TrySetResult(true);
        }
    }
}
