namespace Gateway.Tests.EndToEnd.Completions;

/// <summary>The legacy completions and moderations entries of a catalog file, as config/catalog.json declares them, and chat models to translate to.</summary>
internal static class TextKindsCatalog
{
    public const string Json = """
        {
          "Models": {
            "openai/gpt-3.5-turbo-instruct": { "Kinds": ["completions"], "ContextWindow": 4096, "MaxOutputTokens": 4096, "Price": { "InputPerMTok": 1.5, "OutputPerMTok": 2.0 } },
            "openai/omni-moderation-latest": { "Kinds": ["moderations"], "Capabilities": ["vision"], "Price": { "InputPerMTok": 0, "OutputPerMTok": 0 } },
            "openai/text-embedding-3-small": { "Kinds": ["embeddings"], "Dimensions": 1536, "MaxInputTokens": 8191, "Price": { "InputPerMTok": 0.02, "OutputPerMTok": 0 } },
            "openai/gpt-4o-mini": { "ContextWindow": 128000, "Price": { "InputPerMTok": 0.15, "OutputPerMTok": 0.6 } },
            "anthropic/claude-haiku-4-5": { "ContextWindow": 200000, "MaxOutputTokens": 64000, "Price": { "InputPerMTok": 1.0, "OutputPerMTok": 5.0 } },
            "gemini/gemini-2.5-flash": { "ContextWindow": 1048576, "MaxOutputTokens": 65536, "Price": { "InputPerMTok": 0.3, "OutputPerMTok": 2.5 } },
            "deepseek/deepseek-chat": { "Kinds": ["chat", "completions"], "ContextWindow": 128000, "MaxOutputTokens": 8192, "Price": { "InputPerMTok": 0.28, "OutputPerMTok": 0.42 } }
          }
        }
        """;
}
