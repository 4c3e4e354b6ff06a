using System.Collections.Frozen;
using Gateway.Transforms.Providers.OpenAi.Completions;

namespace Gateway.Transforms.Completions;

/// <summary>
/// Which provider kinds have their own legacy completions API, and through which adapter, keyed by config <c>Kind</c>.
/// Every other kind serves completions through chat; Azure's deployments are chat deployments here.
/// </summary>
public static class CompletionsAdapters
{
    public static FrozenDictionary<string, ICompletionsAdapter> Create()
    {
        var adapters = new Dictionary<string, ICompletionsAdapter>(StringComparer.OrdinalIgnoreCase)
        {
            ["openai"] = new OpenAiCompletionsAdapter(OpenAiCompletionsDialects.OpenAi),
        };
        foreach (var (kind, dialect) in OpenAiCompletionsDialects.Presets)
        {
            if (dialect is not null)
            {
                adapters[kind] = new OpenAiCompletionsAdapter(dialect);
            }
        }
        return adapters.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
