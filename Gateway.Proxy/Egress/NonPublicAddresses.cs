using System.Net;

namespace Gateway.Proxy.Egress;

/// <summary>
/// Addresses that are not on the public internet: loopback, link-local (169.254.0.0/16, fe80::/10, which holds cloud
/// metadata services), private and unique-local ranges (10/8, 172.16/12, 192.168/16, fc00::/7 with fd00::/8), carrier
/// NAT, multicast and reserved blocks. IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by it.
/// </summary>
internal static class NonPublicAddresses
{
    private static readonly (IPNetwork Network, string Kind)[] V4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
    ];

    private static readonly (IPNetwork Network, string Kind)[] V6 =
    [
        (IPNetwork.Parse("::/96"), "an unspecified or loopback address"),
        (IPNetwork.Parse("100::/64"), "a reserved address"),
        (IPNetwork.Parse("fc00::/7"), "a private (unique local) address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>What kind of non-public address <paramref name="address"/> is ("a loopback address"), or null when it is public.</summary>
    public static string? Kind(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return Match(V4, address);
        }
        if (Nat64.Contains(address))
        {
            return Kind(new IPAddress(address.GetAddressBytes().AsSpan(12, 4)));
        }
        if (SixToFour.Contains(address))
        {
            return Kind(new IPAddress(address.GetAddressBytes().AsSpan(2, 4)));
        }
        return Match(V6, address);
    }

    private static string? Match((IPNetwork Network, string Kind)[] ranges, IPAddress address)
    {
        foreach (var (network, kind) in ranges)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }
        return null;
    }
}
