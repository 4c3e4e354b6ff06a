using System.Net;
using System.Net.Sockets;
using Gateway.Proxy.Logging;

namespace Gateway.Proxy.Egress;

/// <summary>
/// The connect step (<see cref="SocketsHttpHandler.ConnectCallback"/>) of clusters whose provider has
/// <see cref="Policies.Catalog.ProviderDefinition.RestrictedEgress"/>, and so of their active health probes too: it
/// resolves the host itself, keeps the addresses <see cref="ProviderEgressPolicy"/> allows and connects to one of
/// those (never resolving again, so a name cannot be repointed in between). No allowed address: no connection.
/// </summary>
internal sealed class ProviderEgressConnector(
    ProviderEgressPolicy policy, IProviderHostResolver resolver, ILogger<ProviderEgressConnector> logger)
{
    public async ValueTask<Stream> ConnectAsync(string clusterId, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.DnsEndPoint;
        var host = endpoint.Host.StartsWith('[') && endpoint.Host.EndsWith(']') ? endpoint.Host[1..^1] : endpoint.Host;
        var plainHttp = context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttp;
        var hostAllowed = policy.IsAllowedHost(host);
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);

        var permitted = new List<IPAddress>(addresses.Length);
        string? refusal = null;
        foreach (var address in addresses)
        {
            var reason = hostAllowed ? null : policy.RefusalOf(address, plainHttp);
            if (reason is null)
            {
                permitted.Add(address);
            }
            else
            {
                refusal ??= reason;
            }
        }
        if (permitted.Count == 0)
        {
            refusal ??= "it resolves to no address";
            GatewayLog.ProviderEgressRefused(logger, clusterId, host, refusal);
            throw new ProviderEgressRefusedException($"The gateway does not connect to '{host}' for this provider: {refusal}.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted.ToArray(), endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
