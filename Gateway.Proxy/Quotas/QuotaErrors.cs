using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// Refusals in OpenAI's shape: a rate limit (requests or tokens) is a 429 with <c>code: rate_limit_exceeded</c> and
/// <c>type</c> naming the measure, as OpenAI sends it; a spent budget is a 429 <c>insufficient_quota</c>. Both carry
/// <c>Retry-After</c> (the window's end). No id of anything appears in the message.
/// </summary>
internal static class QuotaErrors
{
    public const string RateLimitExceeded = "rate_limit_exceeded";
    public const string InsufficientQuota = "insufficient_quota";
    public const string Unavailable = "quota_unavailable";

    public static GatewayError Exceeded(QuotaLimit limit, decimal requested, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(limit);
        var wait = RateLimitResetFormat.Format(retryAfter);
        var subject = SubjectWords(limit.Subject.Kind);
        if (limit.Measure == QuotaMeasure.Cost)
        {
            var budget = limit.Period switch { QuotaPeriod.Day => "daily", QuotaPeriod.Month => "monthly", _ => "per-minute" };
            return new GatewayError(429, InsufficientQuota,
                string.Create(CultureInfo.InvariantCulture,
                    $"You exceeded the {budget} budget of {subject} (US${limit.Limit:0.######}). It renews in {wait}."),
                InsufficientQuota)
            { RetryAfter = retryAfter };
        }

        var measure = limit.Measure == QuotaMeasure.Requests ? "requests" : "tokens";
        var per = limit.Period switch { QuotaPeriod.Minute => "min", QuotaPeriod.Day => "day", _ => "month" };
        var tooLarge = requested > limit.Limit
            ? string.Create(CultureInfo.InvariantCulture, $" This request alone needs {requested:0} (lower max_tokens or shorten the prompt).")
            : string.Empty;
        return new GatewayError(429, measure,
            string.Create(CultureInfo.InvariantCulture,
                $"Rate limit reached for {measure} per {per} on {subject}: Limit {limit.Limit:0.######}, Requested {requested:0.######}. Please try again in {wait}.{tooLarge}"),
            RateLimitExceeded)
        { RetryAfter = retryAfter };
    }

    /// <summary>400 naming the model: it has no price, and a budget applies to the key, which it would not count against.</summary>
    public static GatewayError Unpriced(RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new GatewayError(400, GatewayErrorTypes.InvalidRequest,
            $"The model '{target.QualifiedName}' has no price, and a budget or cost quota applies to this API key, so the gateway cannot count what it would cost. " +
            "Use a priced model, or ask the gateway's operator to price it.",
            "model_price_unknown", "model");
    }

    public static GatewayError QuotaUnavailable(TimeSpan retryAfter) =>
        new(503, GatewayErrorTypes.Server, "Quotas cannot be checked right now (their database is unreachable). Please try again shortly.", Unavailable)
        { RetryAfter = retryAfter };

    private static string SubjectWords(QuotaSubjectKind kind) => kind switch
    {
        QuotaSubjectKind.Key => "this API key",
        QuotaSubjectKind.Environment => "this key's environment",
        QuotaSubjectKind.Team => "this key's team",
        _ => "this key's organization",
    };
}
