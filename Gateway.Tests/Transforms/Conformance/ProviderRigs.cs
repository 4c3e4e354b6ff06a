using Gateway.Tests.Transforms.Anthropic;
using Gateway.Tests.Transforms.Bedrock;
using Gateway.Tests.Transforms.Cohere;
using Gateway.Tests.Transforms.Gemini;
using Gateway.Transforms.Providers.Azure;
using Gateway.Transforms.Providers.OpenAi;

namespace Gateway.Tests.Transforms.Conformance;

/// <summary>Every provider's <see cref="ProviderConformanceRig"/> by its fixture folder, for the tables run across providers.</summary>
internal static class ProviderRigs
{
    private static readonly Dictionary<string, ProviderConformanceRig> ByFolder = new()
    {
        ["OpenAi"] = new(new OpenAiAdapter(), "OpenAi", "openai", "openai", "gpt-4o-mini", "sk-test", "gpt-4o-mini"),
        ["Azure"] = new(new AzureOpenAiAdapter(), "Azure", "azure", "azure", "gpt-4o", "azure-test", "gpt-4o"),
        ["Anthropic"] = AnthropicTestRig.Rig,
        ["Gemini"] = GeminiFixtures.Rig,
        ["Cohere"] = CohereTestSupport.Rig,
        ["Bedrock"] = BedrockTestRig.Rig,
    };

    /// <summary>The rig whose fixtures are under <c>Fixtures/{folder}</c>.</summary>
    public static ProviderConformanceRig For(string folder) => ByFolder[folder];
}
