using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Usage;

/// <summary>
/// What one request used and cost: every attempt sent, and the totals over them. Settled once, when the request's
/// usage is known; quota settlement, the usage record and the metrics all read this one account.
/// </summary>
internal sealed class RequestAccount
{
    public RequestAccount(IReadOnlyList<AttemptAccount> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        Attempts = attempts;
        int prompt = 0, completion = 0, cachedRead = 0, cacheWrite = 0, reasoning = 0;
        foreach (var attempt in attempts)
        {
            var used = attempt.Tokens;
            prompt += used.PromptTokens;
            completion += used.CompletionTokens;
            cachedRead += used.CachedReadTokens;
            cacheWrite += used.CacheWriteTokens;
            reasoning += used.ReasoningTokens;
            Cost += attempt.Cost;
            Estimated |= attempt.Estimated;
        }
        Tokens = new TokenUsage(prompt, completion, cachedRead, cacheWrite, reasoning);
    }

    /// <summary>The attempts sent to a provider, in order (those refused before sending or skipped are not here).</summary>
    public IReadOnlyList<AttemptAccount> Attempts { get; }

    /// <summary>Over every attempt: only billed ones count anything.</summary>
    public TokenUsage Tokens { get; }

    public decimal Cost { get; }

    public bool Estimated { get; }
}
