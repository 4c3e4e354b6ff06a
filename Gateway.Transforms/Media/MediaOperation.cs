namespace Gateway.Transforms.Media;

/// <summary>OpenAI's image and audio operations, each at <c>{BaseUrl}/{path}</c> (Azure: <c>/openai/deployments/{d}/{path}</c>).</summary>
public enum MediaOperation
{
    ImageGenerations,
    ImageEdits,
    ImageVariations,
    Transcriptions,
    Translations,
    Speech,
}
