namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// A provider's active health check (<c>health_check</c>), as the config file's <c>HealthCheck</c>: probes of
/// <c>path</c> on every base URL every <c>interval_seconds</c>, each within <c>timeout_seconds</c>, a destination out after
/// <c>failure_threshold</c> failed probes in a row. Off unless given (a probe costs a request to the provider).
/// </summary>
internal sealed record ProviderHealthCheckRequest(
    bool? Enabled = null,
    string? Path = null,
    double? IntervalSeconds = null,
    double? TimeoutSeconds = null,
    int? FailureThreshold = null);
