using System.Net;

namespace Gateway.Proxy.Admin.Auth;

/// <summary>
/// The admin key behind a request: global (a config key with <c>"Admin": true</c>) or scoped to the scopes of its
/// admin bindings. Set by authentication as a request feature.
/// </summary>
internal sealed class AdminCaller
{
    private AdminCaller(string actor, bool isGlobal, IReadOnlyList<ScopeChain> scopes, IPAddress? clientIp)
    {
        Actor = actor;
        IsGlobal = isGlobal;
        Scopes = scopes;
        ClientIp = AddressText(clientIp);
    }

    /// <summary>Who, for the audit log: <c>config:ID</c> for a config-file key, <c>key:UUID</c> for a database key.</summary>
    public string Actor { get; }

    /// <summary>May manage everything, including what belongs to no tenant (global providers and aliases, the price book).</summary>
    public bool IsGlobal { get; }

    /// <summary>The scopes this key administers; empty for a global caller, who needs none.</summary>
    public IReadOnlyList<ScopeChain> Scopes { get; }

    /// <summary>The address the request came from, for the audit log (without an IPv6 zone, which it cannot store); null when unknown.</summary>
    public string? ClientIp { get; }

    public static AdminCaller Global(string configKeyId, IPAddress? clientIp = null) => new("config:" + configKeyId, true, [], clientIp);

    public static AdminCaller Scoped(Guid keyId, IReadOnlyList<ScopeChain> scopes, IPAddress? clientIp = null) =>
        new("key:" + keyId.ToString("D"), false, scopes, clientIp);

    /// <summary>An address as the audit log stores it: IPv4 as such (also when it arrived mapped into IPv6), no IPv6 zone.</summary>
    public static string? AddressText(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes()).ToString()
            : address.ToString();
    }

    /// <summary>True when <paramref name="target"/> is one of this key's scopes or lies below one.</summary>
    public bool Covers(in ScopeChain target)
    {
        if (IsGlobal)
        {
            return true;
        }
        foreach (var scope in Scopes)
        {
            if (scope.Contains(target))
            {
                return true;
            }
        }
        return false;
    }
}
