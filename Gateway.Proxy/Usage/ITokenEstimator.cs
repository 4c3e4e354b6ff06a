using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.Usage;

/// <summary>
/// Counts tokens nobody reported: a prompt before routing, a request body before it is sent (quota reservations), a
/// stream cut short or a provider that sends no usage. The one estimator: every token estimate goes through it.
/// </summary>
internal interface ITokenEstimator
{
    /// <summary>
    /// Whether <see cref="EstimatePromptTokens"/> counts OpenAI-family prompts with the real tokenizer (exact, tens of
    /// µs for a few KB); false, every count is the calibrated byte estimate.
    /// </summary>
    bool UsesTokenizers { get; }

    /// <summary>
    /// Prompt tokens of a request as <paramref name="model"/>'s provider would count them; without a model, the
    /// calibrated byte estimate (about 1 µs, within ±25 %).
    /// </summary>
    int EstimatePromptTokens(ChatRequest request, string? model);

    /// <summary>Tokens in <paramref name="utf8Bytes"/> bytes of text nobody tokenized (generated text and tool arguments, a request body).</summary>
    int EstimateTokens(long utf8Bytes);
}
