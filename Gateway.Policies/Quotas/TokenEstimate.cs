namespace Gateway.Policies.Quotas;

/// <summary>
/// What a request may use in tokens, known before it is sent: the prompt from the body's size, the completion from
/// the request's <c>max_tokens</c> (times <c>n</c>) or a default. Token and cost limits reserve this up front and
/// settle the difference when the request's account is settled.
/// </summary>
public readonly record struct TokenEstimate(long PromptTokens, long CompletionTokens)
{
    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <param name="bodyTokens">The client's JSON body counted as text (the JSON around the prompt makes this an over-estimate).</param>
    /// <param name="maxTokens">The request's <c>max_completion_tokens</c> or <c>max_tokens</c>.</param>
    /// <param name="choices">The request's <c>n</c>: each choice may use the whole completion budget.</param>
    /// <param name="contextWindow">The first candidate's context window, if known: a prompt cannot be larger, and
    /// inline images (base64, far more bytes than tokens) would otherwise reserve absurd amounts.</param>
    /// <param name="defaultCompletionTokens">Reserved when the request sets no maximum.</param>
    public static TokenEstimate Estimate(long bodyTokens, int? maxTokens, int choices, int? contextWindow, int defaultCompletionTokens)
    {
        var prompt = Math.Max(0, bodyTokens);
        if (contextWindow is { } window && window > 0 && prompt > window)
        {
            prompt = window;
        }
        var completion = (long)(maxTokens is > 0 ? maxTokens.Value : defaultCompletionTokens) * Math.Max(1, choices);
        return new TokenEstimate(prompt, completion);
    }
}
