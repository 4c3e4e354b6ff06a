namespace Gateway.Proxy.Tracing;

/// <summary>
/// Attribute names: the OpenTelemetry GenAI semantic conventions (development status, the current names:
/// <c>gen_ai.provider.name</c> with the older <c>gen_ai.system</c> beside it for back ends that still read it) and the
/// gateway's own under <c>gateway.</c>.
/// </summary>
internal static class GenAiAttributes
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string System = "gen_ai.system";
    public const string RequestModel = "gen_ai.request.model";
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ResponseId = "gen_ai.response.id";
    public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
    public const string UsageInputTokens = "gen_ai.usage.input_tokens";
    public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
    public const string ErrorType = "error.type";
    public const string HttpResponseStatusCode = "http.response.status_code";

    public const string RequestId = "gateway.request_id";
    public const string KeyId = "gateway.key_id";
    public const string Model = "gateway.model";
    public const string Stream = "gateway.stream";
    public const string ProviderId = "gateway.provider.id";
    public const string Attempts = "gateway.attempts";
    public const string AttemptNumber = "gateway.attempt.number";
    public const string AttemptReason = "gateway.attempt.reason";
    public const string AttemptOutcome = "gateway.attempt.outcome";
    public const string PanicReason = "gateway.attempt.panic_reason";
    public const string Destination = "gateway.destination";
    public const string UsageEstimated = "gateway.usage.estimated";
    public const string CostUsd = "gateway.cost_usd";
    public const string Policy = "gateway.routing.policy";
    public const string Candidates = "gateway.routing.candidates";
    public const string Dropped = "gateway.routing.dropped";
    public const string EstimatedPromptTokens = "gateway.routing.estimated_prompt_tokens";
    public const string RequestBody = "gateway.request.body";
    public const string ResponseBody = "gateway.response.body";
}
