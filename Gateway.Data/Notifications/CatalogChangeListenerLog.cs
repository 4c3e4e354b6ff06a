using Gateway.Policies.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Data.Notifications;

internal static partial class CatalogChangeListenerLog
{
    [LoggerMessage(EventId = GatewayEventIds.ListeningForChanges, Level = LogLevel.Information, Message = "Listening for catalog changes (backend process {ProcessId})")]
    public static partial void Listening(ILogger logger, int processId);

    [LoggerMessage(EventId = GatewayEventIds.ChangeConnectionLost, Level = LogLevel.Warning, Message = "The catalog change connection was lost; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, Exception exception);

    [LoggerMessage(EventId = GatewayEventIds.ChangeConnectFailed, Level = LogLevel.Warning, Message = "Connecting for catalog changes failed (attempt {Attempt}); next try in {DelayMs} ms")]
    public static partial void ConnectFailed(ILogger logger, int attempt, long delayMs, Exception? exception);

    [LoggerMessage(EventId = GatewayEventIds.ChangeHandlerFailed, Level = LogLevel.Error, Message = "The catalog change handler failed; the next change is delivered as usual")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = GatewayEventIds.ChangeNotified, Level = LogLevel.Debug, Message = "Notification on {Channel}")]
    public static partial void Notified(ILogger logger, string channel);
}
