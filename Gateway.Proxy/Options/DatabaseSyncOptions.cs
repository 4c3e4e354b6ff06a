namespace Gateway.Proxy.Options;

/// <summary>How the gateway follows its database (<c>Gateway:Database</c>), in seconds.</summary>
internal sealed class DatabaseSyncOptions
{
    public const string Section = "Gateway:Database";

    /// <summary>How often the database is pinged, so readiness turns "degraded" soon after it goes away.</summary>
    [Range(0.5, 3600)]
    public double HealthCheckSeconds { get; set; } = 5;

    /// <summary>
    /// How long start-up waits for migrations and the first catalog load before serving without them (degraded),
    /// so a healthy database's tenants never see a "model not found" in the first moments after a restart.
    /// </summary>
    [Range(0, 600)]
    public double StartupWaitSeconds { get; set; } = 15;

    /// <summary>A full catalog reload at this interval, in case a change notification was lost.</summary>
    [Range(1, 86400)]
    public double SafetyReloadSeconds { get; set; } = 60;
}
