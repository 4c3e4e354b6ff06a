using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Logging;

/// <summary>Log lines of the legacy completions endpoint.</summary>
internal static partial class CompletionsLog
{
    [LoggerMessage(EventId = GatewayEventIds.CompletionThroughChat, Level = LogLevel.Debug,
        Message = "Legacy completion sent to provider {Provider} (model {Model}) as one chat message: it has no completions API for this model")]
    public static partial void CompletionThroughChat(ILogger logger, string provider, string model);
}
