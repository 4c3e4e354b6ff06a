using System.Collections.Frozen;
using Gateway.Transforms.Providers.Azure.Embeddings;
using Gateway.Transforms.Providers.Bedrock.Embeddings;
using Gateway.Transforms.Providers.Cohere.Embeddings;
using Gateway.Transforms.Providers.Gemini.Embeddings;
using Gateway.Transforms.Providers.OpenAi.Embeddings;

namespace Gateway.Transforms.Embeddings;

/// <summary>
/// Which provider kinds serve embeddings, and through which adapter: the capability table routing reads (a kind
/// missing here does not serve embeddings), keyed by config <c>Kind</c>.
/// </summary>
public static class EmbeddingsAdapters
{
    public static FrozenDictionary<string, IEmbeddingsAdapter> Create()
    {
        var adapters = new Dictionary<string, IEmbeddingsAdapter>(StringComparer.OrdinalIgnoreCase)
        {
            ["openai"] = new OpenAiEmbeddingsAdapter(OpenAiEmbeddingsDialects.OpenAi),
            ["azure"] = new AzureEmbeddingsAdapter(),
            ["gemini"] = new GeminiEmbeddingsAdapter(),
            ["cohere"] = new CohereEmbeddingsAdapter(),
            ["bedrock"] = new BedrockEmbeddingsAdapter(),
        };
        foreach (var (kind, dialect) in OpenAiEmbeddingsDialects.Presets)
        {
            if (dialect is not null)
            {
                adapters[kind] = new OpenAiEmbeddingsAdapter(dialect);
            }
        }
        return adapters.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
