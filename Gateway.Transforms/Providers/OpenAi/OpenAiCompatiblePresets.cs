using System.Collections.Frozen;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// The OpenAI-compatible providers the gateway knows by name. Each entry is checked against the provider's API
/// reference; the sources are listed in <c>README.md</c> beside this file.
/// </summary>
public static class OpenAiCompatiblePresets
{
    private const ProviderCapabilities AllButChoices = OpenAiAdapter.OpenAiCapabilities & ~ProviderCapabilities.MultipleChoices;

    /// <summary>Mistral answers 422 <c>extra_forbidden</c> for any field outside its schema, so only these are sent.</summary>
    public static OpenAiCompatiblePreset Mistral { get; } = new()
    {
        Kind = "mistral",
        DefaultBaseUrl = "https://api.mistral.ai/v1",
        AllowedFields = Set(
            "model", "messages", "temperature", "top_p", "max_tokens", "stream", "stop", "random_seed", "metadata",
            "response_format", "tools", "tool_choice", "presence_penalty", "frequency_penalty", "n", "prediction",
            "parallel_tool_calls", "prompt_mode", "safe_prompt"),
        RenamedFields = Map(("max_completion_tokens", "max_tokens"), ("seed", "random_seed")),
        DroppedMessageFields = Set("reasoning_content", "reasoning"),
        AcceptsStreamOptions = false,
    };

    /// <summary>Groq answers 400 for <c>logprobs</c>, <c>logit_bias</c>, <c>top_logprobs</c>, <c>messages[].name</c> and <c>n</c> ≠ 1.</summary>
    public static OpenAiCompatiblePreset Groq { get; } = new()
    {
        Kind = "groq",
        DefaultBaseUrl = "https://api.groq.com/openai/v1",
        Capabilities = AllButChoices,
        DroppedFields = Set("logprobs", "logit_bias", "top_logprobs"),
        DroppedMessageFields = Set("name"),
        MirrorReasoning = true,
    };

    public static OpenAiCompatiblePreset Together { get; } = new()
    {
        Kind = "together",
        DefaultBaseUrl = "https://api.together.xyz/v1",
        MirrorReasoning = true,
    };

    /// <summary>DeepSeek knows only <c>max_tokens</c>, <c>text</c>/<c>json_object</c> formats and text input.</summary>
    public static OpenAiCompatiblePreset DeepSeek { get; } = new()
    {
        Kind = "deepseek",
        DefaultBaseUrl = "https://api.deepseek.com",
        Capabilities = ProviderCapabilities.Tools | ProviderCapabilities.JsonObject,
        RenamedFields = Map(("max_completion_tokens", "max_tokens")),
        MirrorReasoning = true,
    };

    public static OpenAiCompatiblePreset XAi { get; } = new()
    {
        Kind = "xai",
        DefaultBaseUrl = "https://api.x.ai/v1",
        MirrorReasoning = true,
    };

    public static OpenAiCompatiblePreset Fireworks { get; } = new()
    {
        Kind = "fireworks",
        DefaultBaseUrl = "https://api.fireworks.ai/inference/v1",
        MirrorReasoning = true,
    };

    public static OpenAiCompatiblePreset OpenRouter { get; } = new()
    {
        Kind = "openrouter",
        DefaultBaseUrl = "https://openrouter.ai/api/v1",
        MirrorReasoning = true,
    };

    /// <summary>Perplexity's Sonar has no function calling, no <c>json_object</c> mode and one choice; its root has no <c>/v1</c>.</summary>
    public static OpenAiCompatiblePreset Perplexity { get; } = new()
    {
        Kind = "perplexity",
        DefaultBaseUrl = "https://api.perplexity.ai",
        Capabilities = ProviderCapabilities.Vision | ProviderCapabilities.JsonSchema,
        DroppedFields = Set("logit_bias", "logprobs", "top_logprobs", "parallel_tool_calls", "service_tier"),
    };

    /// <summary>Ollama documents <c>max_tokens</c> only and answers one choice.</summary>
    public static OpenAiCompatiblePreset Ollama { get; } = new()
    {
        Kind = "ollama",
        DefaultBaseUrl = "http://127.0.0.1:11434/v1",
        Capabilities = AllButChoices,
        RenamedFields = Map(("max_completion_tokens", "max_tokens")),
        MirrorReasoning = true,
    };

    /// <summary>Self-hosted: no default root.</summary>
    public static OpenAiCompatiblePreset Vllm { get; } = new()
    {
        Kind = "vllm",
        MirrorReasoning = true,
    };

    public static IReadOnlyList<OpenAiCompatiblePreset> All { get; } =
        [Mistral, Groq, Together, DeepSeek, XAi, Fireworks, OpenRouter, Perplexity, Ollama, Vllm];

    private static FrozenSet<string> Set(params string[] names) => names.ToFrozenSet(StringComparer.Ordinal);

    private static FrozenDictionary<string, string> Map(params (string From, string To)[] pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in pairs)
        {
            map[from] = to;
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
