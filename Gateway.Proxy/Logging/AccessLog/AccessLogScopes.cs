using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>
/// Registered as a logger provider only to be handed the logger factory's scope provider, so the access line is
/// formatted with the scopes a line logged on the request's thread carries (its gen- id, the W3C trace, ASP.NET's
/// request and connection ids), as the console logger would.
/// </summary>
internal sealed class AccessLogScopes : ILoggerProvider, ISupportExternalScope
{
    public IExternalScopeProvider? Provider { get; private set; }

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Provider = scopeProvider;

    public ILogger CreateLogger(string categoryName) => NullLogger.Instance;

    public void Dispose()
    {
    }
}
