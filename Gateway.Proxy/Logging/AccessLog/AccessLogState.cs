using System.Collections;
using Gateway.Proxy.Usage;

namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>
/// The usage line's values for a console formatter, with the names, order and message of
/// <see cref="GatewayLog.UsageRecorded"/>, so the line reads (and parses) as it did when it was logged directly.
/// One per thread, reused: <see cref="Record"/> is set for the duration of one formatting.
/// </summary>
internal sealed class AccessLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string OriginalFormat = "Usage {ResponseId}: key {KeyId} model {Model} via {Provider}/{ServedModel} status {Status} tokens {PromptTokens}+{CompletionTokens} in {DurationMs} ms";

    /// <summary>The formatter a <c>LogEntry</c> carries.</summary>
    public static readonly Func<AccessLogState, Exception?, string> Format = static (state, _) => state.Message();

    public UsageRecord Record { get; set; } = null!;

    public int Count => 10;

    public KeyValuePair<string, object?> this[int index]
    {
        get
        {
            var record = Record;
            return index switch
            {
                0 => new("ResponseId", record.Id),
                1 => new("KeyId", record.KeyId),
                2 => new("Model", record.RequestedModel),
                3 => new("Provider", record.ProviderId),
                4 => new("ServedModel", record.ServedModel),
                5 => new("Status", record.Status),
                6 => new("PromptTokens", record.Tokens.PromptTokens),
                7 => new("CompletionTokens", record.Tokens.CompletionTokens),
                8 => new("DurationMs", record.DurationMs),
                9 => new("{OriginalFormat}", OriginalFormat),
                _ => throw new ArgumentOutOfRangeException(nameof(index)),
            };
        }
    }

    public string Message()
    {
        var record = Record;
        return string.Create(CultureInfo.InvariantCulture,
            $"Usage {record.Id}: key {record.KeyId} model {record.RequestedModel} via {record.ProviderId}/{record.ServedModel} status {record.Status} tokens {record.Tokens.PromptTokens}+{record.Tokens.CompletionTokens} in {record.DurationMs} ms");
    }

    public override string ToString() => Message();

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
