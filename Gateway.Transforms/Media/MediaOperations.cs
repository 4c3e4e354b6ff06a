namespace Gateway.Transforms.Media;

/// <summary>A set of <see cref="MediaOperation"/>s (bit <c>1 &lt;&lt; operation</c>).</summary>
[Flags]
internal enum MediaOperations
{
    None = 0,
    ImageGenerations = 1 << (int)MediaOperation.ImageGenerations,
    ImageEdits = 1 << (int)MediaOperation.ImageEdits,
    ImageVariations = 1 << (int)MediaOperation.ImageVariations,
    Transcriptions = 1 << (int)MediaOperation.Transcriptions,
    Translations = 1 << (int)MediaOperation.Translations,
    Speech = 1 << (int)MediaOperation.Speech,
    All = ImageGenerations | ImageEdits | ImageVariations | Transcriptions | Translations | Speech,
}
