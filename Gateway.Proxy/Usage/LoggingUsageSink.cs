using Gateway.Proxy.Logging;

namespace Gateway.Proxy.Usage;

/// <summary>The usage sink without a database: one structured log line per request.</summary>
internal sealed class LoggingUsageSink : IUsageSink
{
    private readonly ILogger<LoggingUsageSink> _logger;

    public LoggingUsageSink(ILogger<LoggingUsageSink> logger)
    {
        _logger = logger;
    }

    public void Record(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        GatewayLog.UsageRecorded(_logger, record.Id, record.KeyId, record.RequestedModel, record.ProviderId, record.ServedModel,
            record.Status, record.Tokens.PromptTokens, record.Tokens.CompletionTokens, record.DurationMs);
    }
}
