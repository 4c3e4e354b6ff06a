using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Responses;

internal static partial class ResponsesLog
{
    [LoggerMessage(EventId = GatewayEventIds.ResponseStoreFailed, Level = LogLevel.Warning,
        Message = "Could not keep response {ResponseId}: GET and previous_response_id will not find it")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string responseId);

    [LoggerMessage(EventId = GatewayEventIds.ResponseStoreReadFailed, Level = LogLevel.Warning,
        Message = "Could not read the response store")]
    public static partial void StoreReadFailed(ILogger logger, Exception exception);
}
