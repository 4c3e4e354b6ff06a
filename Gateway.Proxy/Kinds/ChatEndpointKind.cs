using System.Buffers;
using System.Net.Http.Headers;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Quotas;
using Gateway.Proxy.Usage;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Kinds;

/// <summary><c>POST /v1/chat/completions</c>: every provider kind's <see cref="IProviderAdapter"/>, streamed or whole, billed by tokens.</summary>
internal sealed class ChatEndpointKind(ProviderAdapterRegistry adapters, ITokenEstimator estimator, RequestAccountant accountant)
    : ChatFamilyEndpointKind(adapters, estimator)
{
    public override string Path => "/v1/chat/completions";

    public override string RouteId => ProxyIds.ChatRoute;

    public override GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits) =>
        Keep(feature, ChatRequest.Parse(Body(feature), limits.MaxFallbackModels));

    public override KindRouting Routing(GatewayRequestFeature feature)
    {
        var request = feature.Request!;
        return new KindRouting(FeaturesOf(request), PromptTokens(feature, request), request.MaxTokens);
    }

    public override TokenEstimate QuotaEstimate(GatewayRequestFeature feature, RouteTarget? firstCandidate, QuotaOptions options)
    {
        var request = feature.Request!;
        return QuotaEstimate(feature, request.MaxTokens, request.N, firstCandidate, options);
    }

    public override ResponseContext CreateResponseContext(GatewayRequestFeature feature, RouteTarget target, GatewayLimitsOptions limits)
    {
        var request = feature.Request!;
        // OpenRouter sends the usage chunk to clients that ask for usage accounting, stream_options or not.
        return Context(feature, target, limits, request.IncludeUsage || request.UsageIncludeRequested,
            request.UsageIncludeRequested ? accountant.ClientCost(target, feature.StartedAt) : null);
    }

    public override GatewayError? WriteRequestBody(GatewayRequestFeature feature, AttemptContext attempt) =>
        attempt.Adapter.WriteRequestBody(feature.Request!, attempt.Upstream, attempt.Body);

    public override void PrepareRequest(HttpRequestMessage message, string destinationPrefix, GatewayRequestFeature feature, AttemptContext attempt) =>
        attempt.Adapter.PrepareRequest(message, destinationPrefix, attempt.Upstream, feature.Request!.Stream, attempt.Body.WrittenMemory);

    public override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output) =>
        attempt.Adapter.ConvertResponse(upstreamBody.Span, attempt.Response, attempt.Outcome, output);

    public override IStreamTranscoder CreateStreamTranscoder(GatewayRequestFeature feature, AttemptContext attempt) =>
        attempt.Adapter.CreateStreamTranscoder(attempt.Response, attempt.Outcome);

    /// <summary>What a chat request needs of a model (tools, vision, JSON schema, …); shared with the doors that translate into chat.</summary>
    internal static RequestFeatures FeaturesOf(ChatRequest request)
    {
        var features = RequestFeatures.None;
        if (request.HasTools)
        {
            features |= RequestFeatures.Tools;
        }
        if (request.HasImages)
        {
            features |= RequestFeatures.Vision;
        }
        if (request.ResponseFormat == ResponseFormatKind.JsonSchema)
        {
            features |= RequestFeatures.JsonSchema;
        }
        if (request.N > 1)
        {
            features |= RequestFeatures.MultipleChoices;
        }
        if (request.HasAudio)
        {
            features |= RequestFeatures.Audio;
        }
        return features;
    }
}
