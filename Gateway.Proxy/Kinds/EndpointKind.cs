using System.Buffers;
using System.Net.Http.Headers;
using Gateway.Policies.Pricing;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Quotas;
using Gateway.Transforms.Adapters;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// One public endpoint of the gateway (<c>/v1/chat/completions</c>, <c>/v1/embeddings</c>, …): the parts of a request's
/// path that differ per kind. Everything else — auth, admission, allow-lists, routing, quotas, the candidate loop with
/// health and panic, the usage record, decision headers, metrics and error shapes — is the shared pipeline's
/// (<see cref="ModelRequestMiddleware"/>, the upstream transforms, <see cref="RequestCompletionRecorder"/>), which calls
/// these members in this order: <see cref="ReadBodyAsync"/>, <see cref="Parse"/>, <see cref="Routing"/>,
/// <see cref="QuotaEstimate"/>; per attempt <see cref="CreateResponseContext"/>, <see cref="WriteRequestBody"/>,
/// <see cref="SetUpstreamBody"/>, <see cref="PrepareRequest"/>; per answer <see cref="ConvertResponse"/> or
/// <see cref="CreateStreamTranscoder"/>. Instances are singletons: keep per-request state on the feature.
/// </summary>
internal abstract class EndpointKind
{
    /// <summary>The kind routing filters candidates by.</summary>
    public abstract RequestKinds Kind { get; }

    /// <summary>The word for it (<c>chat</c>, <c>embeddings</c>): usage rows, metric labels, <c>/v1/models</c>.</summary>
    public string Name => RequestKindNames.Of(Kind);

    /// <summary>The public path, served for <c>POST</c>.</summary>
    public abstract string Path { get; }

    /// <summary>The YARP route id of <see cref="Path"/>.</summary>
    public virtual string RouteId => "gateway-" + Name;

    /// <summary>What the kind bills by (recorded in the usage row with its quantity).</summary>
    public abstract UsageUnit Unit { get; }

    /// <summary>The largest body this endpoint accepts (413 above), from its named option.</summary>
    public abstract long MaxBodyBytes(GatewayLimitsOptions limits);

    /// <summary>
    /// Reads the client's body. JSON kinds read it whole into pooled memory (<see cref="GatewayRequestFeature.RequestBody"/>)
    /// within <see cref="MaxBodyBytes"/>; a multipart kind (audio, image edits) overrides this to read only the form's
    /// leading fields and keep the rest of the body to stream upstream (see <see cref="SetUpstreamBody"/>).
    /// </summary>
    public virtual ValueTask<GatewayError?> ReadBodyAsync(HttpContext context, GatewayRequestFeature feature, GatewayLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(feature);
        feature.RequestBody = new Transforms.Buffers.PooledByteBufferWriter(8192);
        return RequestBodyReader.ReadAsync(context.Request, feature.RequestBody, MaxBodyBytes(limits));
    }

    /// <summary>Validates the body into <see cref="GatewayRequestFeature.Parsed"/>: a 400 naming the field, or null.</summary>
    public abstract GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits);

    /// <summary>
    /// After <see cref="Parse"/>, before the allow-list and routing: what the kind must look up for this request
    /// asynchronously (a door's stored conversation state); a client error, or null. Most kinds need nothing.
    /// </summary>
    public virtual ValueTask<GatewayError?> ResolveAsync(HttpContext context, GatewayRequestFeature feature) => ValueTask.FromResult<GatewayError?>(null);

    /// <summary>A new id for a request of this kind (the answer's id, the usage row's, the log scope's): <c>gen-…</c> unless a door's clients expect their own prefix.</summary>
    public virtual string NewResponseId(long created) => ResponseIds.New(created);

    /// <summary>What routing needs beyond the model names: the features used, the size estimates, the kind's own limits.</summary>
    public abstract KindRouting Routing(GatewayRequestFeature feature);

    /// <summary>The tokens the quota reserves before sending (settled to the real usage afterwards).</summary>
    public abstract TokenEstimate QuotaEstimate(GatewayRequestFeature feature, RouteTarget? firstCandidate, QuotaOptions options);

    /// <summary>Whether the provider serves the kind; candidates of provider kinds that do not are never routed to.</summary>
    public abstract bool IsServedBy(string providerKind);

    /// <summary>What the converters stamp on the answer for this attempt: by default its id and time, the provider and the model.</summary>
    public virtual ResponseContext CreateResponseContext(GatewayRequestFeature feature, RouteTarget target, GatewayLimitsOptions limits) =>
        Context(feature, target, limits, includeUsage: false);

    /// <summary>The provider's body for this attempt into <see cref="AttemptContext.Body"/>; a client error when this provider cannot express the request.</summary>
    public abstract GatewayError? WriteRequestBody(GatewayRequestFeature feature, AttemptContext attempt);

    /// <summary>
    /// Gives the provider this attempt's body with its exact length. JSON kinds send <see cref="AttemptContext.Body"/>
    /// whole: YARP forbids replacing its content, so the body rides in the request's options, and
    /// <see cref="SingleWriteBodyHandler"/> puts it in place of YARP's content, to go out with the head in one write.
    /// </summary>
    public virtual void SetUpstreamBody(RequestTransformContext context, GatewayRequestFeature feature, AttemptContext attempt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(attempt);
        if (context.ProxyRequest.Content is { } content)
        {
            var body = attempt.Body.WrittenMemory;
            content.Headers.ContentLength = body.Length;
            content.Headers.ContentType = Json;
            attempt.UpstreamContent = new UpstreamBodyContent(body);
            context.ProxyRequest.Options.Set(SingleWriteBodyHandler.BodyKey, attempt.UpstreamContent);
        }
    }

    /// <summary>The provider's URI and headers (credentials) for this attempt.</summary>
    public abstract void PrepareRequest(HttpRequestMessage message, string destinationPrefix, GatewayRequestFeature feature, AttemptContext attempt);

    /// <summary>Converts a whole 2xx answer to the endpoint's OpenAI shape; throws <see cref="UpstreamFormatException"/> on a malformed one.</summary>
    public abstract void ConvertResponse(ReadOnlyMemory<byte> upstreamBody, HttpResponseHeaders headers, GatewayRequestFeature feature, AttemptContext attempt, IBufferWriter<byte> output);

    /// <summary>
    /// The status and body of an error answered on this endpoint (by the pipeline or before it: authentication, limits):
    /// OpenAI's shape by default; a front door for another API answers in that API's shape.
    /// </summary>
    public virtual (int StatusCode, byte[] Body) FormatError(GatewayError error) => (error.StatusCode, OpenAiErrorWriter.ToUtf8(error));

    /// <summary>
    /// Whether another attempt can send the request again. A streamed upload cannot once an attempt has taken part of
    /// it from the client: the failover loop then stops at that attempt's answer.
    /// </summary>
    public virtual bool CanResend(GatewayRequestFeature feature) => true;

    /// <summary>Why the client's body failed while an attempt was forwarding it (a streamed upload over its limit, or malformed); null otherwise.</summary>
    public virtual GatewayError? UploadError(GatewayRequestFeature feature) => null;

    /// <summary>
    /// True when a 2xx answer is relayed to the client as it arrives, bytes and content type as the provider sent them
    /// (speech audio), instead of converted whole (<see cref="ConvertResponse"/>) or transcoded (<see cref="CreateStreamTranscoder"/>).
    /// </summary>
    public virtual bool RelaysAnswer => false;

    /// <summary>A relayed answer has started: what it bills, when that is known from the request (<see cref="ResponseOutcome.UnitQuantity"/>).</summary>
    public virtual void AnswerRelayed(GatewayRequestFeature feature, AttemptContext attempt)
    {
    }

    /// <summary>The content type of a converted whole answer, from the provider's; null for JSON.</summary>
    public virtual string? AnswerContentType(HttpContentHeaders upstream) => null;

    /// <summary>The cost of <paramref name="quantity"/> of <see cref="Unit"/> at <paramref name="price"/> (image kinds price by size and quality).</summary>
    public virtual decimal UnitCost(ModelPrice price, decimal quantity, GatewayRequestFeature feature) =>
        UnitCostCalculator.Compute(price, Unit, quantity);

    /// <summary>For a streamed request: the transcoder of the provider's stream.</summary>
    public virtual IStreamTranscoder CreateStreamTranscoder(GatewayRequestFeature feature, AttemptContext attempt) =>
        throw new NotSupportedException($"The {Name} endpoint does not stream.");

    /// <summary>
    /// The answer's context for this attempt: its id and time, the provider and the model, the limit of a streamed event,
    /// and whether the chat stream must end with the usage chunk (<paramref name="usageCost"/>: what the client is billed, when it asked).
    /// </summary>
    protected static ResponseContext Context(GatewayRequestFeature feature, RouteTarget target, GatewayLimitsOptions limits, bool includeUsage,
        Func<Transforms.Usage.TokenUsage, decimal>? usageCost = null)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        return new ResponseContext
        {
            ResponseId = feature.ResponseId,
            Created = feature.Created,
            ProviderId = target.Provider.Id,
            Model = target.Model,
            IncludeUsage = includeUsage,
            UsageCost = usageCost,
            MaxStreamEventBytes = limits.MaxStreamEventBytes,
        };
    }

    /// <summary>The client's JSON body, as <see cref="ReadBodyAsync"/> read it.</summary>
    protected static ReadOnlyMemory<byte> Body(GatewayRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        return feature.RequestBody!.WrittenMemory;
    }

    /// <summary>Keeps the parsed request on the feature (<see cref="Parse"/>): the refusal, or null.</summary>
    protected static GatewayError? Keep<TResult>(GatewayRequestFeature feature, TResult parsed)
        where TResult : IRequestParseResult
    {
        ArgumentNullException.ThrowIfNull(feature);
        feature.Parsed = parsed.Parsed;
        return parsed.Error;
    }

    private static readonly MediaTypeHeaderValue Json = new("application/json");
}
