namespace Gateway.Proxy.Dashboard.Hosting;

/// <summary>The web dashboard and its sign-in sessions (<c>Gateway:Dashboard</c>).</summary>
internal sealed class DashboardOptions
{
    public const string Section = "Gateway:Dashboard";

    /// <summary>Serve the dashboard at <c>/dashboard/</c> and accept its session cookie on <c>/admin/v1</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a sign-in lasts; then the admin key is asked for again. The key itself is checked on every request.</summary>
    [Range(1, 10_080)]
    public double SessionMinutes { get; set; } = 480;

    /// <summary>
    /// Mark the session cookie <c>Secure</c> on every answer. Off, it is marked so only when the request came over HTTPS
    /// (behind a TLS-terminating proxy the gateway sees HTTP: turn this on there).
    /// </summary>
    public bool SecureCookie { get; set; }

    /// <summary>How often the live health stream (<c>/admin/v1/health/stream</c>) sends a fresh picture.</summary>
    [Range(0.1, 60)]
    public double HealthStreamIntervalSeconds { get; set; } = 2;
}
