using System.Buffers;
using System.Collections.Frozen;
using System.Net.Http.Headers;
using Gateway.Policies.Pricing;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Quotas;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// An endpoint billed by input tokens that the gateway counts itself (embeddings, moderations): served by a table of
/// adapters per provider kind; the request's texts are counted before routing (<see cref="CountTexts"/>), the quota
/// reserves that count, and an answer that reports no usage is billed it, marked estimated.
/// </summary>
internal abstract class InputTokensEndpointKind<TRequest, TAdapter> : EndpointKind
    where TRequest : class, IInputTokensRequest
{
    private readonly FrozenDictionary<string, TAdapter> _adapters;
    private readonly bool _useTokenizers;

    protected InputTokensEndpointKind(FrozenDictionary<string, TAdapter> adapters, IOptions<TokenCountingOptions> tokenCounting)
    {
        ArgumentNullException.ThrowIfNull(tokenCounting);
        _adapters = adapters;
        _useTokenizers = tokenCounting.Value.UseTokenizers;
    }

    public sealed override UsageUnit Unit => UsageUnit.InputTokens;

    public sealed override TokenEstimate QuotaEstimate(GatewayRequestFeature feature, RouteTarget? firstCandidate, QuotaOptions options) =>
        new(Request(feature).InputTokens, 0);

    public sealed override bool IsServedBy(string providerKind) => _adapters.ContainsKey(providerKind);

    public sealed override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var request = Request(feature);
        ConvertResponse(upstreamBody, headers, request, attempt, output);
        if (attempt.Outcome.Usage is null)
        {
            // The provider reported no usage (Gemini's embeddings and OpenAI's moderations never do): bill the gateway's count of the inputs, and say so.
            attempt.Outcome.Usage = new TokenUsage(request.InputTokens, 0);
            attempt.Outcome.UsageEstimated = true;
        }
    }

    /// <summary>The adapter's conversion of a whole 2xx answer; its usage, when it reports one, goes on <see cref="AttemptContext.Outcome"/>.</summary>
    protected abstract void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, TRequest request, AttemptContext attempt, IBufferWriter<byte> output);

    protected TAdapter Adapter(AttemptContext attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return _adapters.TryGetValue(attempt.Target.Provider.Kind, out var adapter)
            ? adapter
            : throw new InvalidOperationException($"Provider kind '{attempt.Target.Provider.Kind}' does not serve {Name}; routing should have dropped it.");
    }

    protected static TRequest Request(GatewayRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        return (TRequest)feature.Parsed!;
    }

    /// <summary>The tokens of the request's texts and of the largest (<see cref="TextTokenCounter"/>).</summary>
    protected (int Total, int Largest) CountTexts(GatewayRequestFeature feature, TRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TextTokenCounter.Count(feature, request.Model, request.Texts, _useTokenizers);
    }
}
