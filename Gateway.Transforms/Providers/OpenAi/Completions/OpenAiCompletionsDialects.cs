using System.Collections.Frozen;

namespace Gateway.Transforms.Providers.OpenAi.Completions;

/// <summary>
/// Which OpenAI-compatible kinds serve the legacy <c>POST /completions</c>, and how. Every preset has an entry: a
/// dialect, or null where its API has none (a completion is then answered through the provider's chat API).
/// </summary>
internal static class OpenAiCompletionsDialects
{
    /// <summary>OpenAI itself (instruct and base models: <c>gpt-3.5-turbo-instruct</c>, <c>davinci-002</c>, <c>babbage-002</c>): every field.</summary>
    public static OpenAiCompletionsDialect OpenAi { get; } = new()
    {
        Kind = "openai",
        AcceptsEcho = true,
        AcceptsLogprobs = true,
        AcceptsSuffix = true,
        AcceptsBestOf = true,
        AcceptsSeveralPrompts = true,
        AcceptsTokenIds = true,
    };

    /// <summary>
    /// Per preset kind: its dialect, or null when it has no legacy completions API. Sources: each provider's API reference.
    /// vLLM's OpenAI server takes strings, token ids, batches, <c>echo</c> and <c>logprobs</c>, not <c>suffix</c>; Together's
    /// <c>/v1/completions</c> and Fireworks' take one string prompt with <c>echo</c> and <c>logprobs</c>; DeepSeek's FIM
    /// completion is <c>POST https://api.deepseek.com/beta/completions</c> (one string prompt, <c>echo</c>, <c>logprobs</c>
    /// ≤ 20, <c>suffix</c>, <c>stream_options</c>); Ollama's <c>/v1/completions</c> takes one string prompt and <c>suffix</c>,
    /// no <c>echo</c>, <c>logprobs</c> or <c>best_of</c>. Mistral's fill-in-the-middle is its own shape (<c>/v1/fim/completions</c>);
    /// Groq, xAI and Perplexity document no completions endpoint; OpenRouter's is not verified here, so it is not declared.
    /// </summary>
    public static IReadOnlyDictionary<string, OpenAiCompletionsDialect?> Presets { get; } = new Dictionary<string, OpenAiCompletionsDialect?>(StringComparer.OrdinalIgnoreCase)
    {
        ["vllm"] = new() { Kind = "vllm", AcceptsEcho = true, AcceptsLogprobs = true, AcceptsSeveralPrompts = true, AcceptsTokenIds = true },
        ["together"] = new() { Kind = "together", AcceptsEcho = true, AcceptsLogprobs = true },
        ["fireworks"] = new() { Kind = "fireworks", AcceptsEcho = true, AcceptsLogprobs = true },
        ["deepseek"] = new()
        {
            Kind = "deepseek",
            Path = "/beta/completions",
            TrimVersionFromRoot = true,
            AcceptsEcho = true,
            AcceptsLogprobs = true,
            AcceptsSuffix = true,
        },
        ["ollama"] = new() { Kind = "ollama", AcceptsSuffix = true },
        ["mistral"] = null,
        ["groq"] = null,
        ["xai"] = null,
        ["perplexity"] = null,
        ["openrouter"] = null,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
