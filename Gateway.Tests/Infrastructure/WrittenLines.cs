namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Lets a test wait for a line that is written after the response it already has (a log line, say): the writer
/// signals every write, and the waiter reads the lines again after each.
/// </summary>
internal sealed class WrittenLines : IDisposable
{
    private readonly SemaphoreSlim _written = new(0);

    /// <summary>Wakes a waiter: lines were written.</summary>
    public void Signal() => _written.Release();

    /// <summary>The first of <paramref name="lines"/> that matches, reading them again after every write until <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(Func<IEnumerable<string>> lines, Func<string, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(match);
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            foreach (var line in lines())
            {
                if (match(line))
                {
                    return line;
                }
            }
            await _written.WaitAsync(cancel.Token);
        }
    }

    public void Dispose() => _written.Dispose();
}
