using System.Diagnostics;

namespace Gateway.Proxy.Tracing;

/// <summary>
/// The gateway's own spans (routing, one per attempt). Without a tracer provider nothing listens to the source, so
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and no span costs anything.
/// </summary>
internal static class GatewayTelemetry
{
    public const string SourceName = "Gateway";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// An activity to add to (the server span of the request, or one of ours) when tracing is on and it is recorded;
    /// null otherwise. The ASP.NET host creates a request activity even without tracing (for log scopes), so the source's
    /// listeners, not the activity's existence, say whether anyone will read what is added.
    /// </summary>
    public static Activity? Recording(Activity? activity) =>
        activity is { IsAllDataRequested: true } && Source.HasListeners() ? activity : null;
}
