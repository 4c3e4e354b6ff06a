namespace Gateway.Tests.EndToEnd.Media;

/// <summary>The image and audio models the media fixtures route to, with their unit prices.</summary>
internal static class MediaCatalog
{
    public const string Json = """
        {
          "Models": {
            "openai/gpt-image-1": { "Kinds": ["images"], "Price": { "InputPerMTok": 5, "OutputPerMTok": 40,
                                    "PerImage": { "1024x1024/low": 0.011, "1024x1024/high": 0.167, "default": 0.042 } } },
            "openai/dall-e-2": { "Kinds": ["images"], "Price": { "InputPerMTok": 0, "OutputPerMTok": 0, "PerImage": { "256x256": 0.016, "default": 0.02 } } },
            "openai/whisper-1": { "Kinds": ["transcriptions"], "Price": { "InputPerMTok": 0, "OutputPerMTok": 0, "PerAudioSecond": 0.0001 } },
            "openai/gpt-4o-mini-tts": { "Kinds": ["speech"], "Price": { "InputPerMTok": 0, "OutputPerMTok": 0, "PerMillionSpeechCharacters": 15 } },
            "openai/gpt-4o-mini": { "ContextWindow": 128000, "Price": { "InputPerMTok": 0.15, "OutputPerMTok": 0.6 } },
            "gemini/imagen-4.0-generate-001": { "Kinds": ["images"], "Price": { "InputPerMTok": 0, "OutputPerMTok": 0, "PerImage": { "default": 0.04 } } },
            "groq/whisper-large-v3": { "Kinds": ["transcriptions"], "Price": { "InputPerMTok": 0, "OutputPerMTok": 0, "PerAudioSecond": 0.00003083 } }
          }
        }
        """;
}
