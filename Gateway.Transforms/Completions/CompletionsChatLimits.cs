namespace Gateway.Transforms.Completions;

/// <summary>
/// What a legacy completion loses when a provider without a completions API answers it as one chat message: several
/// prompts (a chat turn has one), token ids, the prompt echoed back, log probabilities, a suffix to fill in before, and
/// server-side best-of. Such a request is refused (400 naming the field) rather than answered differently than asked.
/// </summary>
public static class CompletionsChatLimits
{
    /// <returns>The client's error naming the first field chat cannot honour; null when the request translates faithfully.</returns>
    public static GatewayError? Check(CompletionsRequest request, string providerKind)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PromptKind is CompletionsPromptKind.Tokens or CompletionsPromptKind.TokenArrays)
        {
            return Refuse(providerKind, "prompt", "token ids");
        }
        if (request.PromptKind == CompletionsPromptKind.Texts)
        {
            return Refuse(providerKind, "prompt", "several prompts (send one string, or one request per prompt)");
        }
        if (request.Echo)
        {
            return Refuse(providerKind, "echo", "'echo'");
        }
        if (request.Logprobs is not null)
        {
            return Refuse(providerKind, "logprobs", "'logprobs'");
        }
        if (request.Suffix is not null)
        {
            return Refuse(providerKind, "suffix", "'suffix'");
        }
        if (request.BestOf > 1)
        {
            return Refuse(providerKind, "best_of", "'best_of' above 1");
        }
        return request.MaxTokens == 0 ? Refuse(providerKind, "max_tokens", "'max_tokens' of 0") : null;
    }

    private static GatewayError Refuse(string providerKind, string param, string what) =>
        GatewayError.InvalidRequest(
            $"This model is served by provider kind '{providerKind}', which has no legacy completions API: the gateway sends the prompt as one chat message, which cannot carry {what}. Remove it, or use a model whose provider serves /v1/completions.",
            param, "unsupported_parameter");
}
