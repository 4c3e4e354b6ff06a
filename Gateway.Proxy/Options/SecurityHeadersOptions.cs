namespace Gateway.Proxy.Options;

/// <summary>
/// Headers on every answer (<c>Gateway:Security</c>): <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy:
/// no-referrer</c> and <c>Cache-Control: no-store</c> always; <c>Strict-Transport-Security</c> on answers sent over HTTPS.
/// </summary>
internal sealed class SecurityHeadersOptions
{
    public const string Section = "Gateway:Security";

    /// <summary>Send <c>Strict-Transport-Security</c> on answers over HTTPS (never over plain HTTP, where browsers ignore it).</summary>
    public bool Hsts { get; set; } = true;

    /// <summary>How long a browser keeps to HTTPS for this host after seeing the header.</summary>
    [Range(0, 63_072_000)]
    public int HstsMaxAgeSeconds { get; set; } = 31_536_000;

    /// <summary>Extend the rule to every subdomain (only when they all serve HTTPS).</summary>
    public bool HstsIncludeSubDomains { get; set; }
}
