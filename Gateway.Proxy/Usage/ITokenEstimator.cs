using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.Usage;

/// <summary>Counts tokens the provider did not report (a stream cut short, a provider that sends no usage).</summary>
public interface ITokenEstimator
{
    /// <summary>Prompt tokens of a request as the serving model's provider would count them.</summary>
    int EstimatePromptTokens(ChatRequest request, string? model);

    /// <summary>Completion tokens for <paramref name="generatedBytes"/> UTF-8 bytes of generated text and tool arguments.</summary>
    int EstimateCompletionTokens(long generatedBytes);
}
