using System.Net;

namespace Gateway.Proxy.Egress;

/// <summary>
/// Where a provider whose base URL a tenant admin chose may connect: https to public addresses, or anything the
/// operator allows (<see cref="ProviderEgressOptions"/>). Asked twice: when the URL is written, for what the URL itself
/// tells (a literal address, <c>localhost</c>, plain http), and at every connection, for the addresses the host
/// resolves to then (so a name that points inside, or is repointed later, is caught).
/// </summary>
internal sealed class ProviderEgressPolicy(IOptionsMonitor<ProviderEgressOptions> options)
{
    private readonly IOptionsMonitor<ProviderEgressOptions> _options = options;
    private Parsed? _parsed;

    /// <summary>Why a restricted provider may not use <paramref name="baseUrl"/>, from the URL alone; null when it may (so far as the URL tells).</summary>
    public string? RefusalOf(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var host = Unbracket(baseUrl.Host);
        if (IsAllowedHost(host))
        {
            return null;
        }
        var plainHttp = baseUrl.Scheme == Uri.UriSchemeHttp;
        if (IPAddress.TryParse(host, out var literal))
        {
            return RefusalOf(literal, plainHttp);
        }
        var name = host.TrimEnd('.');
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{host}' is this machine";
        }
        return plainHttp ? "plain http is allowed only to hosts and networks the operator allows" : null;
    }

    /// <summary>Why a restricted provider may not connect to <paramref name="address"/>; null when it may.</summary>
    public string? RefusalOf(IPAddress address, bool plainHttp)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IsAllowedNetwork(address))
        {
            return null;
        }
        if (NonPublicAddresses.Kind(address) is { } kind)
        {
            return $"{address} is {kind}";
        }
        return plainHttp ? "plain http is allowed only to hosts and networks the operator allows" : null;
    }

    /// <summary>A host the operator allows whatever it resolves to (compared without case or a trailing dot).</summary>
    public bool IsAllowedHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return Current().Hosts.Contains(host.TrimEnd('.'));
    }

    private bool IsAllowedNetwork(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var network in Current().Networks)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    private static string Unbracket(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;

    /// <summary>The lists in force, parsed once per options instance (they change only on a config reload).</summary>
    private Parsed Current()
    {
        var options = _options.CurrentValue;
        var parsed = Volatile.Read(ref _parsed);
        if (parsed is not null && ReferenceEquals(parsed.Options, options))
        {
            return parsed;
        }
        var networks = new List<IPNetwork>(options.AllowedNetworks.Count);
        foreach (var text in options.AllowedNetworks)
        {
            if (IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
        }
        parsed = new Parsed(options, options.AllowedHosts.Select(host => host.TrimEnd('.')).ToHashSet(StringComparer.OrdinalIgnoreCase), networks);
        Volatile.Write(ref _parsed, parsed);
        return parsed;
    }

    private sealed record Parsed(ProviderEgressOptions Options, HashSet<string> Hosts, List<IPNetwork> Networks);
}
