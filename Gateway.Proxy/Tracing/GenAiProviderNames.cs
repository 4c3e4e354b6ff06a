namespace Gateway.Proxy.Tracing;

/// <summary>
/// A provider kind's <c>gen_ai.provider.name</c>: the semantic conventions' well-known value where there is one, else
/// the kind itself (OpenAI-compatible presets without a registered name: together, fireworks, openrouter, ollama, vllm).
/// </summary>
internal static class GenAiProviderNames
{
    public static string Of(string kind) => kind switch
    {
        "openai" => "openai",
        "anthropic" => "anthropic",
        "gemini" => "gcp.gemini",
        "cohere" => "cohere",
        "bedrock" => "aws.bedrock",
        "azure" => "azure.ai.openai",
        "mistral" => "mistral_ai",
        "groq" => "groq",
        "deepseek" => "deepseek",
        "xai" => "x_ai",
        "perplexity" => "perplexity",
        _ => kind,
    };
}
