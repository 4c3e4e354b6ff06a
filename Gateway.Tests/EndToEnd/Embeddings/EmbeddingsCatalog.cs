namespace Gateway.Tests.EndToEnd.Embeddings;

/// <summary>The embeddings entries of a catalog file, as config/catalog.json declares them (kinds, sizes, limits, prices).</summary>
internal static class EmbeddingsCatalog
{
    public const string Json = """
        {
          "Models": {
            "openai/text-embedding-3-small": { "Kinds": ["embeddings"], "Dimensions": 1536, "MaxInputTokens": 8191, "Price": { "InputPerMTok": 0.02, "OutputPerMTok": 0 } },
            "openai/gpt-4o-mini": { "ContextWindow": 128000, "Price": { "InputPerMTok": 0.15, "OutputPerMTok": 0.6 } },
            "gemini/gemini-embedding-001": { "Kinds": ["embeddings"], "Dimensions": 3072, "MaxInputTokens": 2048, "Price": { "InputPerMTok": 0.15, "OutputPerMTok": 0 } },
            "cohere/embed-v4.0": { "Kinds": ["embeddings"], "Dimensions": 1536, "MaxInputTokens": 128000, "Price": { "InputPerMTok": 0.12, "OutputPerMTok": 0 } },
            "bedrock/amazon.titan-embed-text-v2:0": { "Kinds": ["embeddings"], "Dimensions": 1024, "MaxInputTokens": 8192, "Price": { "InputPerMTok": 0.02, "OutputPerMTok": 0 } },
            "bedrock/cohere.embed-english-v3": { "Kinds": ["embeddings"], "Dimensions": 1024, "MaxInputTokens": 512, "Price": { "InputPerMTok": 0.1, "OutputPerMTok": 0 } },
            "mistral/mistral-embed": { "Kinds": ["embeddings"], "Dimensions": 1024, "MaxInputTokens": 8192, "Price": { "InputPerMTok": 0.1, "OutputPerMTok": 0 } }
          }
        }
        """;
}
