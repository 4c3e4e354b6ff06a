using System.Net;

namespace Gateway.Proxy.Egress;

/// <summary>Resolves a provider's host name to addresses for <see cref="ProviderEgressConnector"/>; DNS unless replaced (tests map names of their own).</summary>
internal interface IProviderHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
