using Gateway.Policies.Catalog;
using Gateway.Policies.Quotas;
using Gateway.Policies.Routing;
using Gateway.Proxy.Options;
using Gateway.Proxy.RequestState;
using Gateway.Proxy.Quotas;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Media;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>
/// The parts every image and audio endpoint shares: its <see cref="MediaOperation"/>'s path, the provider kinds that
/// serve it (<see cref="MediaProviders"/>), the provider's URL and credential, and no token estimates (these bill by
/// image, second or character, priced after the answer).
/// </summary>
internal abstract class MediaEndpointKind : EndpointKind
{
    public abstract MediaOperation Operation { get; }

    public override string Path => "/v1/" + MediaProviders.PathOf(Operation);

    /// <summary>One route per path: several paths share a kind (images: generations, edits, variations).</summary>
    public override string RouteId => "gateway-" + MediaProviders.PathOf(Operation).Replace('/', '-');

    /// <summary>What the provider is asked to answer with.</summary>
    protected virtual string Accept => "application/json";

    public override KindRouting Routing(GatewayRequestFeature feature) => new(RequestFeatures.None, 0, 0);

    public override TokenEstimate QuotaEstimate(GatewayRequestFeature feature, RouteTarget? firstCandidate, QuotaOptions options) => new(0, 0);

    public override bool IsServedBy(string providerKind) => MediaProviders.Serves(providerKind, Operation);

    public override ResponseContext CreateResponseContext(GatewayRequestFeature feature, RouteTarget target, GatewayLimitsOptions limits) => new()
    {
        ResponseId = feature.ResponseId,
        Created = feature.Created,
        ProviderId = target.Provider.Id,
        Model = target.Model,
    };

    public override void PrepareRequest(HttpRequestMessage message, string destinationPrefix, GatewayRequestFeature feature, AttemptContext attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        MediaProviders.Prepare(message, destinationPrefix, attempt.Upstream, Operation, Accept);
    }
}
