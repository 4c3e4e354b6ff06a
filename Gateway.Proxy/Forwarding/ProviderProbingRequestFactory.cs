using System.Net;
using Gateway.Proxy.Configuration;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Providers;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// Active health probes carry the provider's credentials (provider APIs answer 401 without them): the adapter
/// prepares a request as it would for a chat, which is then turned into a GET of the probe path.
/// </summary>
internal sealed class ProviderProbingRequestFactory : IProbingRequestFactory
{
    private readonly CatalogPublisher _catalog;
    private readonly ProviderAdapterRegistry _adapters;

    public ProviderProbingRequestFactory(CatalogPublisher catalog, ProviderAdapterRegistry adapters)
    {
        _catalog = catalog;
        _adapters = adapters;
    }

    public HttpRequestMessage CreateRequest(ClusterModel cluster, DestinationModel destination)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(destination);
        var address = destination.Config.Address;
        var path = cluster.Config.HealthCheck?.Active?.Path ?? "/";
        var request = new HttpRequestMessage
        {
            Version = cluster.Config.HttpRequest?.Version ?? HttpVersion.Version20,
            VersionPolicy = cluster.Config.HttpRequest?.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
        };

        if (cluster.Config.Metadata?.TryGetValue(ProxyIds.ProviderMetadata, out var providerId) == true
            && _catalog.Latest.Catalog.Providers.TryGetValue(providerId, out var provider))
        {
            var target = new UpstreamTarget
            {
                ProviderId = provider.Id,
                Kind = provider.Kind,
                Model = string.Empty,
                ApiKey = provider.ApiKey,
                Settings = provider.Settings,
            };
            _adapters.Get(provider.Kind).PrepareRequest(request, address, target, stream: false, ReadOnlyMemory<byte>.Empty);
            request.Headers.Accept.Clear();
        }

        request.Method = HttpMethod.Get;
        request.Content = null;
        request.RequestUri = new Uri(ProviderUris.Combine(address, path));
        request.Headers.UserAgent.ParseAdd("llm-gateway-health-probe/1.0");
        return request;
    }
}
