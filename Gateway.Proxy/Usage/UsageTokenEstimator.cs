using Gateway.Policies.Tokens;
using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.Usage;

/// <summary>
/// The gateway's one token estimator (routing, quota reservations, usage nobody reported): the real tokenizer for
/// OpenAI-family models (o200k / cl100k), the calibrated byte estimate elsewhere, with OpenAI's per-message overheads. Generated text is known only by its byte count
/// (the gateway does not keep streamed text), and quota reservations count a body before parsing it for tokens, so
/// both use the one <see cref="UsageOptions.EstimatorBytesPerToken"/>. Never runs per chunk.
/// </summary>
internal sealed class UsageTokenEstimator : ITokenEstimator
{
    private readonly IOptionsMonitor<UsageOptions> _options;
    private readonly bool _useTokenizers;

    public UsageTokenEstimator(IOptionsMonitor<UsageOptions> options, IOptions<TokenCountingOptions> tokenCounting)
    {
        ArgumentNullException.ThrowIfNull(tokenCounting);
        _options = options;
        _useTokenizers = tokenCounting.Value.UseTokenizers;
    }

    public bool UsesTokenizers => _useTokenizers;

    public int EstimatePromptTokens(ChatRequest request, string? model)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TokenEstimator.EstimatePromptTokens(request.Root, _useTokenizers ? TokenEncodings.ForModel(model) : TokenEncoding.Estimated);
    }

    public int EstimateTokens(long utf8Bytes) =>
        utf8Bytes <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(utf8Bytes / _options.CurrentValue.EstimatorBytesPerToken));
}
