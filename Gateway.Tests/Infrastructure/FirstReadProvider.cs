using System.Net.Sockets;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An OpenAI-compatible provider that keeps what the first read of each request returned: on loopback one write by the
/// gateway arrives as one read, so that read shows whether the request's head and body were sent together. It answers
/// every request with the same recorded completion, keeping the connection.
/// </summary>
public sealed class FirstReadProvider : RawSocketProvider
{
    private readonly byte[] _answer;
    private readonly System.Collections.Concurrent.ConcurrentQueue<byte[]> _firstReads = new();

    private FirstReadProvider(string answerJson)
    {
        var body = Encoding.UTF8.GetBytes(answerJson);
        _answer = [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];
    }

    /// <summary>The first read of every request so far, in order.</summary>
    public IReadOnlyList<byte[]> FirstReads => [.. _firstReads];

    public static FirstReadProvider Start(string answerJson)
    {
        var provider = new FirstReadProvider(answerJson);
        provider.Start();
        return provider;
    }

    protected override async Task ServeAsync(NetworkStream stream)
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (!Stopping.IsCancellationRequested)
            {
                var read = await stream.ReadAsync(buffer, Stopping);
                if (read == 0)
                {
                    return;
                }
                _firstReads.Enqueue(buffer[..read]);
                await ReadRequestAsync(stream, buffer, read, Stopping);
                await stream.WriteAsync(_answer, Stopping);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
        }
    }
}
