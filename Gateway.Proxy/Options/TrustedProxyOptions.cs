using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Gateway.Proxy.Options;

/// <summary>
/// The reverse proxies and load balancers in front of the gateway (<c>Gateway:TrustedProxies</c>). A request from one
/// of them has its client address taken from <c>X-Forwarded-For</c> (and its scheme from <c>X-Forwarded-Proto</c>), so
/// usage rows, the admin audit and the authentication throttle see the client, not the ingress. From any other address
/// the headers are ignored: a client cannot claim another's address. Empty (the default): no header is trusted.
/// </summary>
internal sealed class TrustedProxyOptions : IValidatableObject
{
    public const string Section = "Gateway:TrustedProxies";

    /// <summary>Single addresses of trusted proxies (<c>10.0.0.5</c>, <c>::1</c>).</summary>
    public List<string> KnownProxies { get; init; } = [];

    /// <summary>Address ranges of trusted proxies in CIDR form (<c>10.42.0.0/16</c>, the ingress pods' network).</summary>
    public List<string> KnownNetworks { get; init; } = [];

    /// <summary>How many proxy hops of <c>X-Forwarded-For</c> are read, right to left; each must be trusted to go on.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; init; } = 1;

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>ASP.NET's forwarded-headers settings with only these proxies trusted (not its loopback defaults).</summary>
    public ForwardedHeadersOptions ToForwardedHeadersOptions()
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = ForwardLimit,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }
        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(IPNetwork.Parse(network));
        }
        return options;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _))
            {
                yield return new ValidationResult($"{nameof(KnownProxies)}[{i}]: '{KnownProxies[i]}' is not an IP address.", [nameof(KnownProxies)]);
            }
        }
        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(KnownNetworks[i], out _))
            {
                yield return new ValidationResult(
                    $"{nameof(KnownNetworks)}[{i}]: '{KnownNetworks[i]}' is not a network in CIDR form (10.42.0.0/16).", [nameof(KnownNetworks)]);
            }
        }
    }
}
