using System.Collections.Frozen;
using Gateway.Policies.Configuration;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Providers.Anthropic;
using Gateway.Transforms.Providers.Azure;
using Gateway.Transforms.Providers.Bedrock;
using Gateway.Transforms.Providers.Cohere;
using Gateway.Transforms.Providers.Gemini;
using Gateway.Transforms.Providers.OpenAi;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// The provider kinds this build knows: config <c>Kind</c> to adapter, with each kind's documented API root. Besides the
/// native kinds, each OpenAI-compatible preset (<c>mistral</c>, <c>groq</c>, …) is a kind of its own.
/// </summary>
internal sealed class ProviderAdapterRegistry
{
    private readonly FrozenDictionary<string, IProviderAdapter> _adapters;

    public ProviderAdapterRegistry()
    {
        var adapters = new Dictionary<string, IProviderAdapter>(StringComparer.OrdinalIgnoreCase);
        var kinds = new Dictionary<string, ProviderKindInfo>(StringComparer.OrdinalIgnoreCase);

        Add(new OpenAiAdapter(), "https://api.openai.com/v1");
        Add(new AnthropicAdapter(), "https://api.anthropic.com");
        Add(new GeminiAdapter(), "https://generativelanguage.googleapis.com");
        Add(new CohereAdapter(), "https://api.cohere.com");
        // Regional endpoints (https://bedrock-runtime.{region}.amazonaws.com): no single default.
        Add(new BedrockAdapter(), null);
        // One resource endpoint per Azure account (https://{resource}.openai.azure.com): no single default.
        Add(new AzureOpenAiAdapter(), null);
        foreach (var preset in OpenAiCompatiblePresets.All)
        {
            Add(new OpenAiAdapter(preset), preset.DefaultBaseUrl);
        }

        _adapters = adapters.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Kinds = kinds.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

        void Add(IProviderAdapter adapter, string? defaultBaseUrl)
        {
            adapters[adapter.Kind] = adapter;
            kinds[adapter.Kind] = new ProviderKindInfo(adapter.Kind, defaultBaseUrl) { CheckSettings = settings => CheckSettings(adapter, settings) };
        }
    }

    public IReadOnlyDictionary<string, ProviderKindInfo> Kinds { get; }

    /// <summary>The settings a kind's adapter declares (empty for a kind this build does not know).</summary>
    public IReadOnlyList<ProviderSetting> Settings(string kind) => _adapters.TryGetValue(kind, out var adapter) ? adapter.Settings : [];

    /// <summary>
    /// What each kind's adapter can express, in routing's terms, so a candidate that cannot serve a request is
    /// dropped before anything is sent.
    /// </summary>
    public IReadOnlyDictionary<string, RequestFeatures> RoutingFeatures()
    {
        var features = new Dictionary<string, RequestFeatures>(StringComparer.OrdinalIgnoreCase);
        foreach (var (kind, adapter) in _adapters)
        {
            var capabilities = adapter.Capabilities;
            var routing = RequestFeatures.None;
            if (capabilities.HasFlag(ProviderCapabilities.Tools))
            {
                routing |= RequestFeatures.Tools;
            }
            if (capabilities.HasFlag(ProviderCapabilities.Vision))
            {
                routing |= RequestFeatures.Vision;
            }
            if (capabilities.HasFlag(ProviderCapabilities.JsonSchema))
            {
                routing |= RequestFeatures.JsonSchema;
            }
            if (capabilities.HasFlag(ProviderCapabilities.MultipleChoices))
            {
                routing |= RequestFeatures.MultipleChoices;
            }
            if (capabilities.HasFlag(ProviderCapabilities.Audio))
            {
                routing |= RequestFeatures.Audio;
            }
            features[kind] = routing;
        }
        return features;
    }

    public IProviderAdapter Get(string kind) =>
        _adapters.TryGetValue(kind, out var adapter) ? adapter : throw new KeyNotFoundException($"No adapter for provider kind '{kind}'.");

    private static ProviderSettingProblem[] CheckSettings(IProviderAdapter adapter, IDictionary<string, string> settings)
    {
        var issues = ProviderSettingsChecker.Check(adapter.Settings, settings);
        var problems = new ProviderSettingProblem[issues.Count];
        for (var i = 0; i < issues.Count; i++)
        {
            problems[i] = new ProviderSettingProblem(issues[i].Setting, issues[i].Message, issues[i].IsWarning);
        }
        return problems;
    }
}
