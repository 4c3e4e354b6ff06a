using System.Collections.Frozen;
using Gateway.Transforms.Providers.OpenAi.Moderations;

namespace Gateway.Transforms.Moderations;

/// <summary>
/// Which provider kinds serve moderations, and through which adapter (a kind missing here does not), keyed by config
/// <c>Kind</c>. The answer is passed through, so only APIs answering in OpenAI's shape qualify.
/// </summary>
public static class ModerationsAdapters
{
    /// <summary>
    /// Per OpenAI-compatible preset: whether it serves <c>/moderations</c> in OpenAI's shape. Sources: each provider's
    /// API reference. Mistral's <c>/v1/moderations</c> answers its own categories without <c>flagged</c>, which OpenAI
    /// clients require; Groq, Together, Fireworks, DeepSeek, xAI, Perplexity, Ollama and vLLM document no moderations
    /// endpoint; OpenRouter's is not verified here.
    /// </summary>
    public static IReadOnlyDictionary<string, bool> Presets { get; } = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
    {
        ["mistral"] = false,
        ["groq"] = false,
        ["together"] = false,
        ["deepseek"] = false,
        ["xai"] = false,
        ["fireworks"] = false,
        ["openrouter"] = false,
        ["perplexity"] = false,
        ["ollama"] = false,
        ["vllm"] = false,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static FrozenDictionary<string, IModerationsAdapter> Create()
    {
        var adapter = new OpenAiModerationsAdapter();
        var adapters = new Dictionary<string, IModerationsAdapter>(StringComparer.OrdinalIgnoreCase) { ["openai"] = adapter };
        foreach (var (kind, serves) in Presets)
        {
            if (serves)
            {
                adapters[kind] = adapter;
            }
        }
        return adapters.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
