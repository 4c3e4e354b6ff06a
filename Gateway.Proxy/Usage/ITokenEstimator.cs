using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.Usage;

/// <summary>
/// Counts tokens the provider did not report (a stream cut short, a provider that sends no usage). The default is a
/// calibrated bytes-per-token ratio; a real tokenizer can replace it without touching the recorder.
/// </summary>
public interface ITokenEstimator
{
    /// <summary>Prompt tokens of a request as the provider would count them: messages, tool definitions, overheads.</summary>
    int EstimatePromptTokens(ChatRequest request);

    /// <summary>Completion tokens for <paramref name="generatedBytes"/> UTF-8 bytes of generated text and tool arguments.</summary>
    int EstimateCompletionTokens(long generatedBytes);
}
