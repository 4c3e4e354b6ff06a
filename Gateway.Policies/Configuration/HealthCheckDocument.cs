namespace Gateway.Policies.Configuration;

/// <summary>Active health probing of a provider (off unless enabled: a probe costs a request to the provider).</summary>
public sealed class HealthCheckDocument
{
    public bool? Enabled { get; set; }

    /// <summary>Appended to each base URL, for example <c>/models</c>.</summary>
    public string? Path { get; set; }

    public double? IntervalSeconds { get; set; }

    public double? TimeoutSeconds { get; set; }

    /// <summary>Consecutive failed probes before the destination is taken out.</summary>
    public int? FailureThreshold { get; set; }
}
