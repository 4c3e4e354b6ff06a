using System.Net;

namespace Gateway.Proxy.Egress;

/// <summary>The system resolver (<see cref="Dns"/>), as <see cref="SocketsHttpHandler"/> itself would use.</summary>
internal sealed class DnsProviderHostResolver : IProviderHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
