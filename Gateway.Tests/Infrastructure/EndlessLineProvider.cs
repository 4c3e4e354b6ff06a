using System.Net.Sockets;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An OpenAI-compatible provider whose stream (after one ordinary chunk, if asked) is a single <c>data:</c> line that does
/// not end: it writes <see cref="LineBytes"/> bytes of it unless the gateway hangs up first, and records which happened.
/// Plain sockets rather than Kestrel, whose writes to a connection the peer has closed may complete without error: here a
/// write after the gateway hung up fails.
/// </summary>
public sealed class EndlessLineProvider : IAsyncDisposable
{
    /// <summary>How much of the line is written before the provider gives up and ends it (far beyond any sane event cap).</summary>
    public const int LineBytes = 32 * 1024 * 1024;

    public const string FirstWord = "Hello";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly bool _firstChunk;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<bool> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _accepting = Task.CompletedTask;
    private long _bytesSent;

    private EndlessLineProvider(bool firstChunk)
    {
        _firstChunk = firstChunk;
    }

    public string Url { get; private set; } = "";

    /// <summary>Bytes of the endless line written so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Completes with true when the gateway hung up before the whole line was written, false when all of it was.</summary>
    public Task<bool> HungUp => _finished.Task;

    /// <param name="firstChunk">Send one ordinary chunk carrying <see cref="FirstWord"/> before the endless line.</param>
    public static EndlessLineProvider Start(bool firstChunk)
    {
        var provider = new EndlessLineProvider(firstChunk);
        provider._listener.Start();
        provider.Url = $"http://127.0.0.1:{((IPEndPoint)provider._listener.LocalEndpoint).Port}";
        provider._accepting = provider.AcceptAsync();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                await ReadRequestAsync(stream);
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
                    await stream.WriteAsync(block, _stop.Token);
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

    /// <summary>Reads the request head and its Content-Length body, which this provider does not look at.</summary>
    private static async Task ReadRequestAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("The request ended before its head did.");
            }
            received.AddRange(buffer.AsSpan(0, read));
        }
        var head = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray());
        var length = 0;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        var bodyReceived = received.Count - (headEnd + 4);
        while (bodyReceived < length)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("The request ended before its body did.");
            }
            bodyReceived += read;
        }
    }

    private static int IndexOfHeadEnd(List<byte> received)
    {
        for (var i = 0; i + 3 < received.Count; i++)
        {
            if (received[i] == '\r' && received[i + 1] == '\n' && received[i + 2] == '\r' && received[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }
}
