using Gateway.Proxy.Logging;
using Gateway.Proxy.Logging.AccessLog;
using Microsoft.Extensions.Options;

namespace Gateway.Proxy.Usage;

/// <summary>
/// The usage sink without a database: one structured log line per request (the access line), or the share of them
/// <see cref="AccessLogOptions.SampleRate"/> keeps (every failure is kept).
/// </summary>
internal sealed class LoggingUsageSink : IUsageSink
{
    private readonly ILogger<LoggingUsageSink> _logger;
    private readonly IOptionsMonitor<AccessLogOptions> _options;

    public LoggingUsageSink(ILogger<LoggingUsageSink> logger, IOptionsMonitor<AccessLogOptions> options)
    {
        _logger = logger;
        _options = options;
    }

    public void Record(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!AccessLogSampling.Keeps(_options.CurrentValue, record.Status, Random.Shared.NextDouble()))
        {
            return;
        }
        GatewayLog.UsageRecorded(_logger, record.Id, record.KeyId, record.RequestedModel, record.ProviderId, record.ServedModel,
            record.Status, record.Tokens.PromptTokens, record.Tokens.CompletionTokens, record.DurationMs);
    }
}
