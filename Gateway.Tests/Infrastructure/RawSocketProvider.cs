using System.Net.Sockets;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A fake provider on plain sockets rather than Kestrel, for what a test must see or do below HTTP: how the gateway's
/// writes arrive, or a write that fails once the gateway hangs up. It accepts connections on loopback until disposed and
/// serves each with <see cref="ServeAsync"/>.
/// </summary>
public abstract class RawSocketProvider : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    public string Url { get; private set; } = "";

    /// <summary>Cancelled when the provider is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

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
        GC.SuppressFinalize(this);
    }

    /// <summary>The Content-Length of a request head; 0 when it has none.</summary>
    public static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    /// <summary>
    /// Reads on until a request's head and its Content-Length body are in <paramref name="buffer"/>, which holds
    /// <paramref name="count"/> bytes of it already; returns how many it holds then.
    /// </summary>
    protected static async Task<int> ReadRequestAsync(NetworkStream stream, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, count).IndexOf("\r\n\r\n"u8)) < 0)
        {
            count += await ReadMoreAsync(stream, buffer, count, cancellationToken);
        }
        var length = ContentLength(Encoding.ASCII.GetString(buffer, 0, headEnd));
        while (count < headEnd + 4 + length)
        {
            count += await ReadMoreAsync(stream, buffer, count, cancellationToken);
        }
        return count;
    }

    /// <summary>Starts listening and accepting.</summary>
    protected void Start()
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>Serves one connection, which the caller closes after.</summary>
    protected abstract Task ServeAsync(NetworkStream stream);

    private static async Task<int> ReadMoreAsync(NetworkStream stream, byte[] buffer, int offset, CancellationToken cancellationToken)
    {
        if (offset == buffer.Length)
        {
            throw new IOException("The request is larger than the provider's buffer.");
        }
        var read = await stream.ReadAsync(buffer.AsMemory(offset), cancellationToken);
        return read > 0 ? read : throw new IOException("The request ended early.");
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    await ServeAsync(client.GetStream());
                }
            });
        }
    }
}
