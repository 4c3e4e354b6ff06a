namespace Gateway.Policies.Configuration;

/// <summary>One provider account in config.</summary>
public sealed class ProviderDocument
{
    public string? Kind { get; set; }

    public string? BaseUrl { get; set; }

    /// <summary>Further base URLs (regions, mirrors) of the same account; load-balanced with <see cref="BaseUrl"/>.</summary>
    public List<string> BaseUrls { get; init; } = [];

    /// <summary>
    /// Base URLs of the same account by region (<c>{"eu": "https://eu.example/v1", "us": "https://us.example/v1"}</c>):
    /// requests go to the caller's region when it has a destination in service, to the others otherwise.
    /// </summary>
    public Dictionary<string, string> RegionalBaseUrls { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The region of <see cref="BaseUrl"/> (as <see cref="RegionalBaseUrls"/> gives one per URL): keys of that region prefer
    /// it. Destination affinity only; Bedrock's signing region is its <c>SigningRegion</c> setting.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>A secret reference (<c>env:NAME</c>); a literal value is accepted with a warning.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Kind-specific settings, as the kind's adapter declares them (an undeclared name or a wrong type fails the load);
    /// values may be <c>env:NAME</c> references.
    /// </summary>
    public Dictionary<string, string> Settings { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public HealthCheckDocument? HealthCheck { get; set; }

    /// <summary>How long to wait for the provider's response headers and between streamed bytes.</summary>
    public double? TimeoutSeconds { get; set; }

    public bool? Enabled { get; set; }

    /// <summary>Clients may address it directly as <c>provider/model</c> (if their key may); unset means yes.</summary>
    public bool? AllowDirectModels { get; set; }

    /// <summary>
    /// Send the request's W3C <c>traceparent</c>/<c>tracestate</c> to this provider (a self-hosted server that traces
    /// too); unset means no: third-party providers learn nothing of the caller's traces. Config file only.
    /// </summary>
    public bool? PropagateTraceContext { get; set; }
}
