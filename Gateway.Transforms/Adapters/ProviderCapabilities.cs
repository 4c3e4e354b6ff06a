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
    StreamUsage = 32,
    Streaming = 64,
}
