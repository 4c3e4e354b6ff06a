using System.Buffers;
using System.Collections.Frozen;
using System.Net.Http.Headers;
using Gateway.Policies.Catalog;
using Gateway.Policies.Pricing;
using Gateway.Policies.Quotas;
using Gateway.Policies.Routing;
using Gateway.Policies.Tokens;
using Gateway.Proxy.Options;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Quotas;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Embeddings;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Usage;
using Microsoft.Extensions.Options;
using Gateway.Proxy.RequestState;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// <c>POST /v1/embeddings</c>: the provider kinds of <see cref="EmbeddingsAdapters"/>, billed by input tokens. Inputs are
/// counted before routing (each against a model's <c>MaxInputTokens</c>); a provider that reports no usage (Gemini) is
/// billed that count, marked estimated.
/// </summary>
internal sealed class EmbeddingsEndpointKind : EndpointKind
{
    private readonly FrozenDictionary<string, IEmbeddingsAdapter> _adapters = EmbeddingsAdapters.Create();
    private readonly bool _useTokenizers;

    public EmbeddingsEndpointKind(IOptions<TokenCountingOptions> tokenCounting)
    {
        ArgumentNullException.ThrowIfNull(tokenCounting);
        _useTokenizers = tokenCounting.Value.UseTokenizers;
    }

    public override RequestKinds Kind => RequestKinds.Embeddings;

    public override string Path => "/v1/embeddings";

    public override UsageUnit Unit => UsageUnit.InputTokens;

    public override long MaxBodyBytes(GatewayLimitsOptions limits) => limits.MaxEmbeddingsBodyBytes;

    public override GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits)
    {
        var parsed = EmbeddingsRequest.Parse(feature.RequestBody!.WrittenMemory, limits.MaxFallbackModels, limits.MaxEmbeddingInputs);
        feature.Parsed = parsed.Request;
        return parsed.Error;
    }

    public override KindRouting Routing(GatewayRequestFeature feature)
    {
        var request = Request(feature);
        var (total, largest) = CountInputs(feature, request);
        request.InputTokens = total;
        return new KindRouting(RequestFeatures.None, total, MaxOutputTokens: 0, request.Dimensions, largest);
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
        Adapter(attempt).PrepareRequest(message, destinationPrefix, attempt.Upstream, attempt.Body.WrittenMemory);

    public override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output)
    {
        var request = Request(feature);
        Adapter(attempt).ConvertResponse(upstreamBody, headers, request, attempt.Target.Model, attempt.Outcome, output);
        if (attempt.Outcome.Usage is null)
        {
            // The provider reported no usage (Gemini never does): bill the gateway's count of the inputs, and say so.
            attempt.Outcome.Usage = new TokenUsage(request.InputTokens, 0);
            attempt.Outcome.UsageEstimated = true;
        }
    }

    private IEmbeddingsAdapter Adapter(AttemptContext attempt) =>
        _adapters.TryGetValue(attempt.Target.Provider.Kind, out var adapter)
            ? adapter
            : throw new InvalidOperationException($"Provider kind '{attempt.Target.Provider.Kind}' does not serve embeddings; routing should have dropped it.");

    private static EmbeddingsRequest Request(GatewayRequestFeature feature) => (EmbeddingsRequest)feature.Parsed!;

    /// <summary>
    /// Tokens of every input and of the largest: token ids are counted exactly; text with the first candidate model's
    /// tokenizer where it is an OpenAI one (and tokenizers are on), else the calibrated estimate.
    /// </summary>
    private (int Total, int Largest) CountInputs(GatewayRequestFeature feature, EmbeddingsRequest request)
    {
        if (request.InputKind == EmbeddingsInputKind.Tokens)
        {
            return (request.TotalTokenIds, request.LargestTokenArray);
        }
        var encoding = TokenEncoding.Estimated;
        if (_useTokenizers && ModelResolver.TryResolveTargets(feature.Snapshot.Catalog, request.Model, feature.Key?.Scope ?? default, out _, out var targets)
            && targets.Count > 0)
        {
            encoding = TokenEncodings.ForModel(targets[0].Model);
        }
        long total = 0;
        var largest = 0;
        foreach (var text in request.Texts)
        {
            var tokens = TokenEstimator.CountText(text, encoding);
            total += tokens;
            largest = Math.Max(largest, tokens);
        }
        return ((int)Math.Min(total, int.MaxValue), largest);
    }
}
