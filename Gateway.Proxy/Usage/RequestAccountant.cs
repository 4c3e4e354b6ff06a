using Gateway.Policies.Pricing;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Quotas;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Usage;

/// <summary>
/// The one place that decides what a request used and cost. A provider bills a request it accepted (a 2xx), whether
/// or not the answer reached the client, so an attempt is billed from the provider's usage, or, where the provider
/// reported none or the stream was cut short (the client left, the connection broke), from an estimate of the prompt
/// and of what the gateway saw generated — the provider generated at least that much. A failed attempt costs nothing.
/// Every figure uses the price valid when the request started, through <see cref="CostCalculator"/>: the cost a
/// client is shown in the answer, the quota reservation and the settled account. A target without a price is charged
/// <see cref="QuotaOptions.DefaultPrice"/> when the operator set one, in the bill as against budgets.
/// </summary>
internal sealed class RequestAccountant(ITokenEstimator estimator, IOptionsMonitor<QuotaOptions> options)
{
    /// <summary>
    /// Settles the request's account once its usage is known: for a whole answer before its body is sent, for a stream
    /// when the provider's stream ended, otherwise when the request ends. Every attempt before the last has ended by then.
    /// </summary>
    public RequestAccount Settle(GatewayRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var attempts = new List<AttemptAccount>(feature.Attempts.Count);
        foreach (var attempt in feature.Attempts)
        {
            if (attempt.Kind is not (AttemptOutcomeKind.Rejected or AttemptOutcomeKind.Skipped))
            {
                // A feature without a kind (built directly, as in unit tests) is billed by tokens, as chat is.
                attempts.Add(feature.Kind is { Unit: not (UsageUnit.Tokens or UsageUnit.InputTokens) }
                    ? UnitAccount(attempt, feature)
                    : Account(attempt, feature.Request, feature.StartedAt, feature.Decision?.EstimatedPromptTokens ?? 0));
            }
        }
        return new RequestAccount(attempts);
    }

    /// <summary>One attempt sent to a provider, priced at <paramref name="requestStart"/>.</summary>
    /// <param name="promptEstimate">For a kind other than chat (no <paramref name="request"/>): routing's count of its input, billed when the provider reported none.</param>
    public AttemptAccount Account(AttemptContext attempt, ChatRequest? request, DateTimeOffset requestStart, int promptEstimate = 0)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.UpstreamStatus is not (>= 200 and < 300))
        {
            return new AttemptAccount { Attempt = attempt };
        }
        var tokens = Tokens(attempt, request, promptEstimate, out var estimated);
        return new AttemptAccount
        {
            Attempt = attempt,
            Billed = true,
            Tokens = tokens,
            Cost = Cost(PriceOf(attempt.Target, requestStart), tokens),
            Estimated = estimated,
        };
    }

    /// <summary>
    /// An attempt of a kind billed by images, seconds or characters: the quantity its converter counted, at the target's
    /// unit price (none: 0, the row still records the quantity).
    /// </summary>
    private AttemptAccount UnitAccount(AttemptContext attempt, GatewayRequestFeature feature)
    {
        if (attempt.UpstreamStatus is not (>= 200 and < 300))
        {
            return new AttemptAccount { Attempt = attempt };
        }
        var quantity = attempt.Outcome.UnitQuantity ?? 0m;
        var price = PriceOf(attempt.Target, feature.StartedAt);
        return new AttemptAccount
        {
            Attempt = attempt,
            Billed = true,
            Cost = price is null ? 0m : feature.Kind.UnitCost(price, quantity, feature),
            Estimated = attempt.Outcome.UsageEstimated,
        };
    }

    /// <summary>
    /// The price a request that started at <paramref name="requestStart"/> pays at <paramref name="target"/>, to its end;
    /// null when neither the target nor the operator's default has one.
    /// </summary>
    public ModelPrice? PriceOf(RouteTarget target, DateTimeOffset requestStart)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.PriceAt(requestStart)
            ?? (options.CurrentValue.DefaultPrice is { } fallback
                ? new ModelPrice(fallback.InputPerMTok, fallback.OutputPerMTok, fallback.InputPerMTok, fallback.InputPerMTok)
                : null);
    }

    /// <summary>US dollars for <paramref name="usage"/> at <paramref name="price"/>; 0 when the target has no price.</summary>
    public static decimal Cost(ModelPrice? price, in TokenUsage usage) =>
        price is null ? 0m : CostCalculator.Compute(price, usage.PromptTokens, usage.CompletionTokens, usage.CachedReadTokens, usage.CacheWriteTokens);

    /// <summary>The cost shown to a client that asked for usage accounting: the same price and calculator as the account.</summary>
    public Func<TokenUsage, decimal> ClientCost(RouteTarget target, DateTimeOffset requestStart)
    {
        var price = PriceOf(target, requestStart);
        return usage => Cost(price, usage);
    }

    private TokenUsage Tokens(AttemptContext attempt, ChatRequest? request, int promptEstimate, out bool estimated)
    {
        var outcome = attempt.Outcome;
        // Whole: served, or a stream the provider finished although the client left before its connection closed.
        var complete = outcome.StreamError is null && (attempt.Kind == AttemptOutcomeKind.Succeeded || outcome.StreamEnded);
        if (outcome.Usage is { } reported)
        {
            // An adapter may fill usage in from the gateway's own count (Gemini embeddings report none).
            estimated = outcome.UsageEstimated;
            if (complete)
            {
                return reported;
            }
            // Cut short: the provider's counters may predate the last tokens seen (Anthropic reports input at the start).
            var seen = estimator.EstimateTokens(outcome.GeneratedBytes);
            if (seen <= reported.CompletionTokens)
            {
                return reported;
            }
            estimated = true;
            return reported with { CompletionTokens = seen };
        }
        estimated = true;
        var prompt = request is null ? promptEstimate : estimator.EstimatePromptTokens(request, attempt.Target.Model);
        return new TokenUsage(prompt, estimator.EstimateTokens(outcome.GeneratedBytes));
    }
}
