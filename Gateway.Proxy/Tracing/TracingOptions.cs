namespace Gateway.Proxy.Tracing;

/// <summary>
/// What the gateway's spans may carry (<c>Gateway:Tracing</c>). Whether traces are exported at all is the standard
/// <c>OTEL_*</c> environment's business (<see cref="TracingSetup"/>).
/// </summary>
internal sealed class TracingOptions
{
    public const string Section = "Gateway:Tracing";

    /// <summary>
    /// Put the request's and the answer's bodies on the server span (<c>gateway.request.body</c> as sent,
    /// <c>gateway.response.body</c> as captured for the usage row, capped at <c>Gateway:Usage:MaxStoredBodyBytes</c>), for keys whose environment
    /// stores bodies only: prompts and completions reach a trace back end only where they are stored anyway. Off by default.
    /// </summary>
    public bool RecordBodies { get; set; }
}
