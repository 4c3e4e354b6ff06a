using Gateway.Proxy.Logging.AccessLog;

namespace Gateway.Tests.Infrastructure;

/// <summary>The access log's output kept in memory: the bytes as the console would get them, and the lines they make.</summary>
internal sealed class CollectingAccessLogOutput : IAccessLogOutput, IDisposable
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _bytes = new();
    private readonly WrittenLines _written = new();

    /// <summary>How many batches were written (one write call each).</summary>
    public int Writes { get; private set; }

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);
            }
        }
    }

    /// <summary>The non-empty lines written so far.</summary>
    public IReadOnlyList<string> Lines => Text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    public void Write(ReadOnlySpan<byte> lines)
    {
        lock (_gate)
        {
            _bytes.Write(lines);
            Writes++;
        }
        _written.Signal();
    }

    public void Dispose()
    {
        _bytes.Dispose();
        _written.Dispose();
    }

    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout) => _written.WaitForAsync(() => Lines, match, timeout);
}
