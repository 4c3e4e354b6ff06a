namespace Gateway.Proxy.Logging;

/// <summary>How the console log is written (<c>Gateway:Logging</c>). Read at start-up.</summary>
internal sealed class GatewayLoggingOptions
{
    public const string Section = "Gateway:Logging";

    public const string Text = "text";
    public const string Json = "json";

    /// <summary>
    /// <c>text</c>: ASP.NET's human-readable console lines. <c>json</c>: one JSON object a line for a log aggregator,
    /// with the request's <c>gen-…</c> id and trace id as top-level fields (<see cref="GatewayJsonConsoleFormatter"/>).
    /// </summary>
    [RegularExpression("^(?i)(text|json)$", ErrorMessage = "Format must be 'text' or 'json'.")]
    public string Format { get; set; } = Text;

    public bool IsJson => string.Equals(Format, Json, StringComparison.OrdinalIgnoreCase);
}
