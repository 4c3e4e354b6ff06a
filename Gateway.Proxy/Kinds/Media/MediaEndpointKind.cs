using Gateway.Policies.Quotas;
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

    /// <summary>The kind of <see cref="Operation"/>: images (generations, edits, variations), transcriptions (and translations), speech.</summary>
    public sealed override RequestKinds Kind => Operation switch
    {
        MediaOperation.ImageGenerations or MediaOperation.ImageEdits or MediaOperation.ImageVariations => RequestKinds.Images,
        MediaOperation.Transcriptions or MediaOperation.Translations => RequestKinds.Transcriptions,
        _ => RequestKinds.Speech,
    };

    public override string Path => "/v1/" + MediaProviders.PathOf(Operation);

    /// <summary>One route per path: several paths share a kind (images: generations, edits, variations).</summary>
    public override string RouteId => "gateway-" + MediaProviders.PathOf(Operation).Replace('/', '-');

    /// <summary>What the provider is asked to answer with.</summary>
    protected virtual string Accept => "application/json";

    public override KindRouting Routing(GatewayRequestFeature feature) => new(RequestFeatures.None, 0, 0);

    public override TokenEstimate QuotaEstimate(GatewayRequestFeature feature, RouteTarget? firstCandidate, QuotaOptions options) => new(0, 0);

    public override bool IsServedBy(string providerKind) => MediaProviders.Serves(providerKind, Operation);

    public override void PrepareRequest(HttpRequestMessage message, string destinationPrefix, GatewayRequestFeature feature, AttemptContext attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        MediaProviders.Prepare(message, destinationPrefix, attempt.Upstream, Operation, Accept);
    }
}
