using System.Collections.Frozen;

namespace Gateway.Transforms.Providers.OpenAi.Embeddings;

/// <summary>
/// Which OpenAI-compatible kinds serve <c>POST /embeddings</c>, and how. Every preset has an entry: a dialect, or null
/// where its API has no embeddings endpoint (routing then never sends embeddings there).
/// </summary>
internal static class OpenAiEmbeddingsDialects
{
    /// <summary>OpenAI itself: token ids, base64, <c>dimensions</c> (text-embedding-3 models), <c>user</c>.</summary>
    public static OpenAiEmbeddingsDialect OpenAi { get; } = new() { Kind = "openai", AcceptsBase64 = true, AcceptsTokenIds = true };

    /// <summary>
    /// Per preset kind: its dialect, or null when it has no embeddings API. Sources: each provider's API reference
    /// (Mistral's <c>/v1/embeddings</c> takes <c>output_dimension</c> and answers 422 for unknown fields; Together,
    /// Fireworks, Ollama's OpenAI compatibility and vLLM's server serve <c>/v1/embeddings</c>; Groq, DeepSeek, xAI and
    /// Perplexity document no embeddings endpoint; OpenRouter's is not verified here, so it is not declared).
    /// </summary>
    public static IReadOnlyDictionary<string, OpenAiEmbeddingsDialect?> Presets { get; } = new Dictionary<string, OpenAiEmbeddingsDialect?>(StringComparer.OrdinalIgnoreCase)
    {
        ["mistral"] = new()
        {
            Kind = "mistral",
            AcceptsBase64 = true,
            AllowedFields = new[] { "model", "input", "encoding_format", "output_dimension", "output_dtype", "metadata" }.ToFrozenSet(StringComparer.Ordinal),
            RenamedFields = new Dictionary<string, string> { ["dimensions"] = "output_dimension" }.ToFrozenDictionary(StringComparer.Ordinal),
        },
        ["together"] = new() { Kind = "together" },
        ["fireworks"] = new() { Kind = "fireworks" },
        ["ollama"] = new() { Kind = "ollama" },
        ["vllm"] = new() { Kind = "vllm", AcceptsBase64 = true, AcceptsTokenIds = true },
        ["groq"] = null,
        ["deepseek"] = null,
        ["xai"] = null,
        ["perplexity"] = null,
        ["openrouter"] = null,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
