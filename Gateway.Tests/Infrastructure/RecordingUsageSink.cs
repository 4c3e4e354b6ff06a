using System.Threading.Channels;
using Gateway.Proxy.Usage;

namespace Gateway.Tests.Infrastructure;

/// <summary>Hands every usage record the gateway writes to the test, so it can see how a request ended on the gateway's side.</summary>
internal sealed class RecordingUsageSink : IUsageSink
{
    private readonly Channel<UsageRecord> _records = Channel.CreateUnbounded<UsageRecord>();

    public void Record(UsageRecord record) => _records.Writer.TryWrite(record);

    /// <summary>The next record written, or a failed assertion after <paramref name="within"/>.</summary>
    public async Task<UsageRecord> NextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await _records.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"no usage record was written within {within}");
            throw;
        }
    }
}
