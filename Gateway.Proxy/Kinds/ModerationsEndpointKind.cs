using System.Buffers;
using System.Collections.Frozen;
using System.Net.Http.Headers;
using Gateway.Policies.Catalog;
using Gateway.Policies.Pricing;
using Gateway.Policies.Quotas;
using Gateway.Policies.Routing;
using Gateway.Policies.Tokens;
using Gateway.Proxy.Options;
using Gateway.Proxy.RequestState;
using Gateway.Proxy.Quotas;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Moderations;
using Gateway.Transforms.Usage;
using Microsoft.Extensions.Options;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// <c>POST /v1/moderations</c>: the provider kinds of <see cref="ModerationsAdapters"/>, billed by input tokens. OpenAI
/// reports no usage for moderations, so the gateway's count of the text inputs is billed, marked estimated (at the
/// catalog's price: OpenAI's moderation models are free, so the catalog prices them at 0).
/// </summary>
internal sealed class ModerationsEndpointKind : EndpointKind
{
    private readonly FrozenDictionary<string, IModerationsAdapter> _adapters = ModerationsAdapters.Create();
    private readonly bool _useTokenizers;

    public ModerationsEndpointKind(IOptions<TokenCountingOptions> tokenCounting)
    {
        ArgumentNullException.ThrowIfNull(tokenCounting);
        _useTokenizers = tokenCounting.Value.UseTokenizers;
    }

    public override RequestKinds Kind => RequestKinds.Moderations;

    public override string Path => "/v1/moderations";

    public override UsageUnit Unit => UsageUnit.InputTokens;

    public override long MaxBodyBytes(GatewayLimitsOptions limits) => limits.MaxModerationsBodyBytes;

    public override GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits)
    {
        var parsed = ModerationsRequest.Parse(feature.RequestBody!.WrittenMemory, limits.MaxFallbackModels);
        feature.Parsed = parsed.Request;
        return parsed.Error;
    }

    public override KindRouting Routing(GatewayRequestFeature feature)
    {
        var request = Request(feature);
        request.InputTokens = CountInputs(feature, request);
        return new KindRouting(request.Images > 0 ? RequestFeatures.Vision : RequestFeatures.None, request.InputTokens, MaxOutputTokens: 0);
    }

    public override TokenEstimate QuotaEstimate(GatewayRequestFeature feature, RouteTarget? firstCandidate, QuotaOptions options) =>
        new(Request(feature).InputTokens, 0);

    public override bool IsServedBy(string providerKind) => _adapters.ContainsKey(providerKind);

    public override ResponseContext CreateResponseContext(GatewayRequestFeature feature, RouteTarget target, GatewayLimitsOptions limits) => new()
    {
        ResponseId = feature.ResponseId,
        Created = feature.Created,
        ProviderId = target.Provider.Id,
        Model = target.Model,
    };

    public override GatewayError? WriteRequestBody(GatewayRequestFeature feature, AttemptContext attempt) =>
        Adapter(attempt).WriteRequestBody(Request(feature), attempt.Upstream, attempt.Body);

    public override void PrepareRequest(HttpRequestMessage message, string destinationPrefix, GatewayRequestFeature feature, AttemptContext attempt) =>
        Adapter(attempt).PrepareRequest(message, destinationPrefix, attempt.Upstream);

    public override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output)
    {
        Adapter(attempt).ConvertResponse(upstreamBody.Span, attempt.Response, attempt.Outcome, output);
        if (attempt.Outcome.Usage is null)
        {
            // OpenAI's moderations answer carries no usage: bill the gateway's count of the inputs, and say so.
            attempt.Outcome.Usage = new TokenUsage(Request(feature).InputTokens, 0);
            attempt.Outcome.UsageEstimated = true;
        }
    }

    private IModerationsAdapter Adapter(AttemptContext attempt) =>
        _adapters.TryGetValue(attempt.Target.Provider.Kind, out var adapter)
            ? adapter
            : throw new InvalidOperationException($"Provider kind '{attempt.Target.Provider.Kind}' does not serve moderations; routing should have dropped it.");

    private static ModerationsRequest Request(GatewayRequestFeature feature) => (ModerationsRequest)feature.Parsed!;

    private int CountInputs(GatewayRequestFeature feature, ModerationsRequest request)
    {
        var encoding = TokenEncoding.Estimated;
        if (_useTokenizers && ModelResolver.TryResolveTargets(feature.Snapshot.Catalog, request.Model, feature.Key?.Scope ?? default, out _, out var targets)
            && targets.Count > 0)
        {
            encoding = TokenEncodings.ForModel(targets[0].Model);
        }
        long total = 0;
        foreach (var text in request.Texts)
        {
            total += TokenEstimator.CountText(text, encoding);
        }
        return (int)Math.Min(total, int.MaxValue);
    }
}
