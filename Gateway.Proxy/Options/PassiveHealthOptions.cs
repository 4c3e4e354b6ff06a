using System.ComponentModel.DataAnnotations;

namespace Gateway.Proxy.Options;

/// <summary>How long a provider destination stays out after it fails (<c>Gateway:Health</c>), in seconds.</summary>
public sealed class PassiveHealthOptions
{
    public const string Section = "Gateway:Health";

    /// <summary>After a 429 without <c>Retry-After</c>.</summary>
    [Range(0, 3600)]
    public double RateLimitCooldownSeconds { get; set; } = 10;

    /// <summary>Upper bound on a provider's <c>Retry-After</c>, so a bogus header cannot take a provider out for hours.</summary>
    [Range(0, 86400)]
    public double MaxRetryAfterSeconds { get; set; } = 300;

    /// <summary>After a 5xx (or Anthropic's 529).</summary>
    [Range(0, 3600)]
    public double ServerErrorCooldownSeconds { get; set; } = 10;

    /// <summary>After a connect failure, a reset or a timeout.</summary>
    [Range(0, 3600)]
    public double TransportCooldownSeconds { get; set; } = 15;

    /// <summary>After the provider rejected our credential (401/403): a config problem that will not fix itself quickly.</summary>
    [Range(0, 86400)]
    public double AuthFailureCooldownSeconds { get; set; } = 60;
}
