using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Data.Responses;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Quotas;
using Gateway.Proxy.Responses;
using Gateway.Proxy.Usage;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Providers;
using Gateway.Transforms.Providers.Azure;
using Gateway.Transforms.Responses;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// <c>POST /v1/responses</c>, OpenAI's Responses API as a front door to every provider kind. A target whose provider speaks
/// the Responses API (kinds <c>openai</c> and <c>azure</c>, unless its settings say <c>"ResponsesApi": "false"</c>) gets
/// the request passed through with the target's model, and its answer or event stream back with the gateway's response id;
/// any other target gets the request translated to chat (<see cref="ResponsesChatTranslator"/>, then the provider's chat
/// adapter) and the chat answer or stream converted back to a response. With a database, answers are kept
/// (<see cref="ResponseStore"/>) for <c>GET</c>/<c>DELETE /v1/responses/{id}</c> and <c>previous_response_id</c>, which
/// continues a passed-through response only at the provider and model that made it.
/// </summary>
internal sealed class ResponsesEndpointKind(ProviderAdapterRegistry adapters, ITokenEstimator estimator, ResponseStore store)
    : ChatFamilyEndpointKind(adapters, estimator)
{
    public override string Path => "/v1/responses";

    public override string RouteId => "gateway-responses";

    public override string NewResponseId(long created) => ResponseIds.New(created, "resp_");

    public override GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits) =>
        Keep(feature, ResponsesRequest.Parse(Body(feature), limits.MaxFallbackModels));

    /// <summary>Looks up the response <c>previous_response_id</c> names: its conversation (translated) or the provider holding it.</summary>
    public override async ValueTask<GatewayError?> ResolveAsync(HttpContext context, GatewayRequestFeature feature)
    {
        var request = Request(feature);
        if (request.PreviousResponseId is not { } previous)
        {
            return null;
        }
        if (!store.Enabled)
        {
            return GatewayError.InvalidRequest(
                "previous_response_id needs the gateway's database, where it remembers which provider holds each response; this gateway runs without one. Send the conversation in 'input' instead.",
                "previous_response_id", "previous_response_not_supported");
        }
        var (stored, error) = await store.FindAsync(previous, feature.Key, context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }
        if (stored is null)
        {
            return new GatewayError(400, GatewayErrorTypes.InvalidRequest, $"Previous response with id '{previous}' not found.", "previous_response_not_found", "previous_response_id");
        }
        if (stored.Translated)
        {
            request.PriorItems = Encoding.UTF8.GetBytes(stored.Conversation ?? "[]");
        }
        else
        {
            request.Pinned = new PinnedResponse(stored.ProviderId, stored.ServedModel, stored.ProviderResponseId!);
        }
        return null;
    }

    public override KindRouting Routing(GatewayRequestFeature feature)
    {
        var request = Request(feature);
        // Every limit the chat request could break was checked on the Responses request already (models, sizes).
        request.Translate(int.MaxValue);
        if (request.Chat is not { } chat)
        {
            return new KindRouting(RequestFeatures.None, BodyTokens(feature), request.MaxOutputTokens);
        }
        return new KindRouting(ChatEndpointKind.FeaturesOf(chat), PromptTokens(feature, chat), request.MaxOutputTokens);
    }

    public override TokenEstimate QuotaEstimate(GatewayRequestFeature feature, RouteTarget? firstCandidate, QuotaOptions options) =>
        QuotaEstimate(feature, Request(feature).MaxOutputTokens, 1, firstCandidate, options);

    /// <summary>A translated stream ends with the usage in <c>response.completed</c>: the chat stream must carry it.</summary>
    public override ResponseContext CreateResponseContext(GatewayRequestFeature feature, RouteTarget target, GatewayLimitsOptions limits) =>
        Context(feature, target, limits, includeUsage: true);

    public override GatewayError? WriteRequestBody(GatewayRequestFeature feature, AttemptContext attempt)
    {
        var request = Request(feature);
        var target = attempt.Target;
        if (request.Pinned is { } pinned
            && (!string.Equals(pinned.ProviderId, target.Provider.Id, StringComparison.Ordinal) || !string.Equals(pinned.Model, target.Model, StringComparison.Ordinal)
                || !PassesThrough(attempt)))
        {
            return GatewayError.InvalidRequest(
                $"The response '{request.PreviousResponseId}' is held by provider '{pinned.ProviderId}' (model '{pinned.Model}'), which alone can continue it; that is not this candidate.",
                "previous_response_id", "previous_response_elsewhere");
        }
        if (PassesThrough(attempt))
        {
            ResponsesPassThroughWriter.Write(request, target.Model, attempt.Body);
            return null;
        }
        if (request.StoreRequested == true && !store.Enabled)
        {
            return GatewayError.InvalidRequest(
                $"store: true needs the gateway's database to keep a response it translates for provider '{target.Provider.Id}', and this gateway runs without one. Send store: false, or leave store out.",
                "store", "store_not_supported");
        }
        if (request.ChatError is { } refused)
        {
            return refused;
        }
        return attempt.Adapter.WriteRequestBody(request.Chat!, attempt.Upstream, attempt.Body);
    }

    public override void PrepareRequest(HttpRequestMessage message, string destinationPrefix, GatewayRequestFeature feature, AttemptContext attempt)
    {
        var request = Request(feature);
        if (!PassesThrough(attempt))
        {
            attempt.Adapter.PrepareRequest(message, destinationPrefix, attempt.Upstream, request.Stream, attempt.Body.WrittenMemory);
            return;
        }
        var upstream = attempt.Upstream;
        if (IsAzure(upstream.Kind))
        {
            // Azure serves the Responses API on its v1 surface only, the deployment named in the body's model.
            message.RequestUri = new Uri(ProviderUris.Combine(destinationPrefix, "/openai/v1/responses"));
            AzureCredentialHeaders.Apply(message, upstream);
        }
        else
        {
            message.RequestUri = new Uri(ProviderUris.Combine(destinationPrefix, "/responses"));
            if (!string.IsNullOrEmpty(upstream.ApiKey))
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", upstream.ApiKey);
            }
        }
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(request.Stream ? "text/event-stream" : "application/json"));
    }

    public override void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output)
    {
        var request = Request(feature);
        using var response = new PooledByteBufferWriter(upstreamBody.Length + 1024);
        if (PassesThrough(attempt))
        {
            ResponseJsonRewriter.RewriteAnswer(upstreamBody.Span, Ids(feature, request), attempt.Outcome, response);
        }
        else
        {
            using var chat = new PooledByteBufferWriter(upstreamBody.Length + 512);
            attempt.Adapter.ConvertResponse(upstreamBody.Span, attempt.Response, attempt.Outcome, chat);
            ChatToResponsesConverter.Convert(chat.WrittenSpan, request, attempt.Response, attempt.Outcome, Keeps(request), response);
        }
        output.Write(response.WrittenSpan);
        Keep(feature, attempt, response.WrittenSpan);
    }

    public override IStreamTranscoder CreateStreamTranscoder(GatewayRequestFeature feature, AttemptContext attempt)
    {
        var request = Request(feature);
        Action<ReadOnlyMemory<byte>>? finished = Keeps(request) ? final => Keep(feature, attempt, final.Span) : null;
        return PassesThrough(attempt)
            ? new ResponsesStreamRewriter(attempt.Response, attempt.Outcome, Ids(feature, request), finished)
            : new ChatToResponsesStreamTranscoder(
                attempt.Adapter.CreateStreamTranscoder(attempt.Response, attempt.Outcome), request, attempt.Response, attempt.Outcome, Keeps(request), finished);
    }

    /// <summary>Whether the target's provider is sent the Responses API request itself.</summary>
    private static bool PassesThrough(AttemptContext attempt)
    {
        var upstream = attempt.Upstream;
        if (!IsAzure(upstream.Kind) && !string.Equals(upstream.Kind, "openai", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        // An OpenAI-compatible server without the Responses API (an older self-hosted one) is translated for.
        return !string.Equals(upstream.GetSetting("ResponsesApi"), "false", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsAzure(string kind) => string.Equals(kind, "azure", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the gateway keeps this request's answer: asked for (OpenAI's default) and a database to keep it in.</summary>
    private bool Keeps(ResponsesRequest request) => request.Store && store.Enabled;

    private void Keep(GatewayRequestFeature feature, AttemptContext attempt, ReadOnlySpan<byte> response)
    {
        var request = Request(feature);
        if (!Keeps(request))
        {
            return;
        }
        var translated = !PassesThrough(attempt);
        if (!translated && attempt.Outcome.ProviderResponseId is null)
        {
            // Without the provider's id the response could never be continued or found there: nothing to keep.
            return;
        }
        string? conversation = null;
        if (translated)
        {
            using var items = new PooledByteBufferWriter(response.Length + (request.PriorItems?.Length ?? 0) + 1024);
            ResponsesConversation.Write(request, response, items);
            conversation = Encoding.UTF8.GetString(items.WrittenSpan);
        }
        store.Save(new StoredResponseSpec(
            feature.ResponseId, feature.Key?.Scope.OrganizationId, feature.Key?.Id ?? string.Empty, attempt.Target.Provider.Id, attempt.Target.Model,
            translated ? null : attempt.Outcome.ProviderResponseId, translated, Encoding.UTF8.GetString(response), conversation));
    }

    private static ResponseIdMap Ids(GatewayRequestFeature feature, ResponsesRequest request) => new(feature.ResponseId, request.PreviousResponseId);

    private static ResponsesRequest Request(GatewayRequestFeature feature) => (ResponsesRequest)feature.Parsed!;
}
