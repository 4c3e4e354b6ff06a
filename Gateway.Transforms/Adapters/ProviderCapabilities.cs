namespace Gateway.Transforms.Adapters;

/// <summary>What a provider kind can express; routing skips candidates that lack what a request needs.</summary>
[Flags]
public enum ProviderCapabilities
{
    None = 0,
    Tools = 1,
    Vision = 2,
    JsonObject = 4,
    JsonSchema = 8,
    MultipleChoices = 16,

    /// <summary>Audio parts in messages (<c>input_audio</c>): OpenAI, Azure and Gemini carry them.</summary>
    Audio = 32,
}
