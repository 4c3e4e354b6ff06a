using Microsoft.AspNetCore.Http;

namespace Gateway.Proxy.Hosting;

/// <summary>
/// <c>Gateway:ManagementUrls</c> (<c>;</c>-separated, like <c>--urls</c>, each with its own port, e.g.
/// <c>http://0.0.0.0:9090</c>): where <c>/metrics</c> and the detailed <c>/readyz</c> are served, apart from the
/// public API. When set, the public port serves no metrics and a <c>/readyz</c> that says only ready or not, and the
/// management port serves nothing but <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>. A request belongs to the
/// management port by the local port its connection came in on, so its ports must differ from every public one.
/// </summary>
internal sealed class ManagementPort
{
    public const string ConfigurationKey = "Gateway:ManagementUrls";

    private static readonly ManagementPort None = new([], []);

    private readonly HashSet<int> _ports;

    private ManagementPort(IReadOnlyList<string> urls, HashSet<int> ports)
    {
        Urls = urls;
        _ports = ports;
    }

    public IReadOnlyList<string> Urls { get; }

    public bool IsConfigured => Urls.Count > 0;

    /// <summary>Whether the request came in on a management port.</summary>
    public bool IsManagement(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _ports.Count > 0 && _ports.Contains(context.Connection.LocalPort);
    }

    /// <summary>
    /// Reads the setting and, when it is set, has Kestrel listen on the public URLs and the management ones together.
    /// </summary>
    /// <exception cref="InvalidOperationException">A management URL is malformed, has no fixed port, or shares a port with a public URL.</exception>
    public static ManagementPort Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var management = Split(configuration[ConfigurationKey]);
        if (management.Count == 0)
        {
            return None;
        }
        if (configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            throw new InvalidOperationException(
                $"{ConfigurationKey} needs the public addresses in --urls (or ASPNETCORE_URLS), not in Kestrel:Endpoints: add the management endpoint there instead.");
        }
        var ports = new HashSet<int>();
        foreach (var url in management)
        {
            var port = PortOf(url, ConfigurationKey);
            if (port == 0)
            {
                throw new InvalidOperationException($"{ConfigurationKey}: '{url}' needs a fixed port (probes and scrapers must know it).");
            }
            ports.Add(port);
        }
        var publicUrls = PublicUrls(configuration);
        foreach (var url in publicUrls)
        {
            if (ports.Contains(PortOf(url, "urls")))
            {
                throw new InvalidOperationException($"{ConfigurationKey}: '{url}' is a public address on a management port; give management its own port.");
            }
        }
        builder.WebHost.UseUrls([.. publicUrls, .. management]);
        return new ManagementPort(management, ports);
    }

    /// <summary>The public addresses as Kestrel would take them without the management ones: urls, else the port settings, else its default.</summary>
    private static List<string> PublicUrls(ConfigurationManager configuration)
    {
        var urls = Split(configuration["urls"]);
        if (urls.Count > 0)
        {
            return urls;
        }
        foreach (var port in Split(configuration["http_ports"]))
        {
            urls.Add(string.Create(CultureInfo.InvariantCulture, $"http://*:{port}"));
        }
        foreach (var port in Split(configuration["https_ports"]))
        {
            urls.Add(string.Create(CultureInfo.InvariantCulture, $"https://*:{port}"));
        }
        if (urls.Count == 0)
        {
            urls.Add("http://localhost:5000");
        }
        return urls;
    }

    private static int PortOf(string url, string setting)
    {
        try
        {
            return BindingAddress.Parse(url).Port;
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"{setting}: '{url}' is not an address Kestrel can listen on: {ex.Message}", ex);
        }
    }

    private static List<string> Split(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : [.. value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
