using Gateway.Policies.Tokens;
using Gateway.Proxy.Options;
using Gateway.Transforms.OpenAI;
using Microsoft.Extensions.Options;

namespace Gateway.Proxy.Usage;

/// <summary>
/// The same counting routing uses: the real tokenizer for OpenAI-family models (o200k / cl100k), the calibrated
/// byte estimate elsewhere, with OpenAI's per-message overheads. Generated text is known only by its byte count
/// (the gateway does not keep streamed text), so completions use <see cref="UsageOptions.EstimatorBytesPerToken"/>.
/// Runs only when a provider reported no usage, never per chunk.
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

    public int EstimatePromptTokens(ChatRequest request, string? model)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TokenEstimator.EstimatePromptTokens(request.Root, _useTokenizers ? TokenEncodings.ForModel(model) : TokenEncoding.Estimated);
    }

    public int EstimateCompletionTokens(long generatedBytes) =>
        generatedBytes <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(generatedBytes / _options.CurrentValue.EstimatorBytesPerToken));
}
