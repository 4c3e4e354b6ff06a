using System.Diagnostics;
using Gateway.Policies.Pricing;
using Gateway.Proxy.Usage;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Pipeline;

/// <summary>
/// What one attempt used and cost. A provider bills a request it accepted (a 2xx), whether or not the answer reached
/// the client: an attempt is billed from the provider's usage, or, where the provider reported none or the stream was
/// cut short (the client left, the connection broke), from an estimate of the prompt and of what the gateway saw
/// generated — the provider has generated at least that much. Costs use the price valid when the request started.
/// </summary>
internal sealed class AttemptBiller
{
    private readonly ITokenEstimator _estimator;

    public AttemptBiller(ITokenEstimator estimator)
    {
        _estimator = estimator;
    }

    public UsageAttempt Bill(AttemptContext attempt, ChatRequest? request, DateTimeOffset startedAt, long now)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var end = attempt.EndTimestamp == 0 ? now : attempt.EndTimestamp;
        var billed = attempt.UpstreamStatus is >= 200 and < 300;
        TokenUsage tokens = default;
        var estimated = false;
        if (billed)
        {
            tokens = Tokens(attempt, request, out estimated);
        }
        var price = billed ? attempt.Target.PriceAt(startedAt) : null;
        return new UsageAttempt
        {
            Number = attempt.Number,
            ProviderId = attempt.Target.Provider.Id,
            Model = attempt.Target.Model,
            Outcome = AttemptOutcomeNames.Of(attempt.Kind),
            UpstreamStatus = attempt.UpstreamStatus,
            ErrorCode = attempt.Error?.Code ?? attempt.Outcome.StreamError?.Code,
            DurationMs = Stopwatch.GetElapsedTime(attempt.StartTimestamp, end).TotalMilliseconds,
            Billed = billed,
            Tokens = tokens,
            Cost = price is null ? 0m : CostCalculator.Compute(price, tokens.PromptTokens, tokens.CompletionTokens, tokens.CachedReadTokens, tokens.CacheWriteTokens),
            Estimated = estimated,
        };
    }

    private TokenUsage Tokens(AttemptContext attempt, ChatRequest? request, out bool estimated)
    {
        var outcome = attempt.Outcome;
        var complete = attempt.Kind == AttemptOutcomeKind.Succeeded && outcome.StreamError is null;
        if (outcome.Usage is { } reported)
        {
            estimated = outcome.UsageEstimated;
            if (complete)
            {
                return reported;
            }
            // Cut short: the provider's counters may predate the last tokens seen (Anthropic reports input at the start).
            var seen = _estimator.EstimateCompletionTokens(outcome.GeneratedBytes);
            if (seen <= reported.CompletionTokens)
            {
                return reported;
            }
            estimated = true;
            return reported with { CompletionTokens = seen };
        }
        estimated = true;
        var prompt = request is null ? 0 : _estimator.EstimatePromptTokens(request, attempt.Target.Model);
        return new TokenUsage(prompt, _estimator.EstimateCompletionTokens(outcome.GeneratedBytes));
    }
}
