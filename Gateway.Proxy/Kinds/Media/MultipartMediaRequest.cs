using Gateway.Transforms.Adapters;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>A multipart image or audio request: its <c>model</c> and the upload that carries the rest.</summary>
internal sealed class MultipartMediaRequest : IGatewayRequest
{
    public MultipartMediaRequest(MultipartUpload upload)
    {
        Upload = upload;
        Model = upload.Scanner.Model!;
    }

    public MultipartUpload Upload { get; }

    public string Model { get; }

    public IReadOnlyList<string> FallbackModels => [];

    public bool Stream => false;

    /// <summary>No JSON document: routing finds no OpenRouter <c>provider</c> object in a form.</summary>
    public JsonElement Root => default;

    /// <summary>A text field of the form read so far (before or while forwarding), or null.</summary>
    public string? Field(string name) => Upload.Scanner.Fields.TryGetValue(name, out var value) ? value : null;

    public void Dispose() => Upload.Dispose();
}
