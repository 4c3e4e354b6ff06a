namespace Gateway.Transforms.Providers.Gemini;

/// <summary>Guesses the media type Gemini needs for <c>fileData</c> from a URL's file extension.</summary>
internal static class GeminiMimeTypes
{
    /// <summary>OpenAI's image URLs carry no media type; JPEG is the most common photo format and Gemini's safest guess.</summary>
    public const string DefaultImage = "image/jpeg";

    public static string FromUrl(ReadOnlySpan<byte> url)
    {
        var end = url.IndexOfAny((byte)'?', (byte)'#');
        var path = end < 0 ? url : url[..end];
        var schemeEnd = path.IndexOf("://"u8);
        if (schemeEnd >= 0)
        {
            path = path[(schemeEnd + 3)..];
        }
        var slash = path.LastIndexOf((byte)'/');
        if (slash < 0)
        {
            return DefaultImage;
        }
        var file = path[(slash + 1)..];
        var dot = file.LastIndexOf((byte)'.');
        return dot < 0 ? DefaultImage : FromExtension(file[(dot + 1)..]);
    }

    private static string FromExtension(ReadOnlySpan<byte> extension)
    {
        if (Is(extension, "png"u8))
        {
            return "image/png";
        }
        if (Is(extension, "webp"u8))
        {
            return "image/webp";
        }
        if (Is(extension, "gif"u8))
        {
            return "image/gif";
        }
        if (Is(extension, "heic"u8))
        {
            return "image/heic";
        }
        if (Is(extension, "heif"u8))
        {
            return "image/heif";
        }
        return Is(extension, "pdf"u8) ? "application/pdf" : DefaultImage;
    }

    private static bool Is(ReadOnlySpan<byte> extension, ReadOnlySpan<byte> expected) => Ascii.EqualsIgnoreCase(extension, expected);
}
