using System.Globalization;
using Gateway.Transforms.Media;

namespace Gateway.Transforms.Providers.Gemini.Images;

/// <summary>
/// An OpenAI image generation request as Imagen's <c>models/{model}:predict</c> body on the Gemini API:
/// <c>{"instances":[{"prompt"}],"parameters":{"sampleCount","aspectRatio"}}</c>. <c>n</c> becomes <c>sampleCount</c>
/// (Imagen makes 1 to 4), <c>size</c> the nearest of Imagen's aspect ratios. Imagen answers image bytes only, so
/// <c>response_format: url</c> cannot be served here (a 400 naming it; another candidate may serve it).
/// </summary>
public static class ImagenRequestWriter
{
    /// <summary>Imagen's most images per request.</summary>
    public const int MaxImages = 4;

    private static readonly (string Name, double Ratio)[] AspectRatios = [("1:1", 1.0), ("3:4", 0.75), ("4:3", 4.0 / 3), ("9:16", 9.0 / 16), ("16:9", 16.0 / 9)];

    public static GatewayError? Write(MediaJsonRequest request, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count > MaxImages)
        {
            return GatewayError.InvalidRequest($"Imagen makes at most {MaxImages} images per request.", "n", "unsupported_value");
        }
        if (request.Root.TryGetProperty("response_format"u8, out var format) && format.ValueKind == JsonValueKind.String && format.ValueEquals("url"u8))
        {
            return GatewayError.InvalidRequest("Imagen answers image data only; ask for response_format 'b64_json'.", "response_format", "unsupported_value");
        }
        using var writer = new Utf8JsonWriter(body, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteStartArray("instances"u8);
        writer.WriteStartObject();
        writer.WriteString("prompt"u8, request.Text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("parameters"u8);
        writer.WriteNumber("sampleCount"u8, request.Count);
        if (AspectRatio(request.Size) is { } ratio)
        {
            writer.WriteString("aspectRatio"u8, ratio);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        return null;
    }

    /// <summary>The Imagen aspect ratio nearest to an OpenAI <c>{width}x{height}</c> size; null for none or <c>auto</c>.</summary>
    public static string? AspectRatio(string? size)
    {
        var x = size?.IndexOf('x', StringComparison.Ordinal) ?? -1;
        if (x <= 0 || !int.TryParse(size.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(size.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var height) || width == 0 || height == 0)
        {
            return null;
        }
        var wanted = (double)width / height;
        var best = AspectRatios[0];
        foreach (var candidate in AspectRatios)
        {
            if (Math.Abs(Math.Log(candidate.Ratio / wanted)) < Math.Abs(Math.Log(best.Ratio / wanted)))
            {
                best = candidate;
            }
        }
        return best.Name;
    }
}
