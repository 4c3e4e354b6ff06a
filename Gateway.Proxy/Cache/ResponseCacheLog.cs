using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Cache;

/// <summary>The response cache's log lines (event ids 7300-7349). Never a key, a prompt or an answer.</summary>
internal static partial class ResponseCacheLog
{
    [LoggerMessage(EventId = GatewayEventIds.ResponseCacheDatabaseDown, Level = LogLevel.Warning,
        Message = "Response cache: the database tier failed ({Reason}); serving from memory only for {RetrySeconds} s")]
    public static partial void DatabaseDown(ILogger logger, string reason, double retrySeconds);

    [LoggerMessage(EventId = GatewayEventIds.ResponseCacheDatabaseBack, Level = LogLevel.Information,
        Message = "Response cache: the database tier answers again")]
    public static partial void DatabaseBack(ILogger logger);

    [LoggerMessage(EventId = GatewayEventIds.ResponseCacheSwept, Level = LogLevel.Debug,
        Message = "Response cache: {Rows} expired rows deleted from the database tier")]
    public static partial void Swept(ILogger logger, int rows);

    [LoggerMessage(EventId = GatewayEventIds.ResponseCacheNotStored, Level = LogLevel.Debug,
        Message = "Response cache: the answer to {ResponseId} was not stored ({Reason})")]
    public static partial void NotStored(ILogger logger, string responseId, string reason);

    [LoggerMessage(EventId = GatewayEventIds.ResponseCacheUnreadableEntry, Level = LogLevel.Warning,
        Message = "Response cache: an entry could not be replayed and was dropped ({Reason})")]
    public static partial void UnreadableEntry(ILogger logger, string reason);
}
