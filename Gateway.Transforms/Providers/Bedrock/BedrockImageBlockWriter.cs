using System.Buffers.Text;

namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Writes an OpenAI <c>image_url</c> part as a Converse image block: <c>{"image":{"format","source":{"bytes":base64}}}</c>.
/// Converse takes image bytes or an S3 location only, so a data URL is required; an http(s) URL is refused.
/// </summary>
internal static class BedrockImageBlockWriter
{
    public static GatewayError? Write(Utf8JsonWriter json, JsonElement part, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        var urlParam = $"{path}.image_url.url";
        var url = part.GetProperty("image_url"u8).GetProperty("url"u8);

        // The raw token avoids materializing a multi-megabyte string when the URL has no JSON escapes (the usual case).
        var raw = JsonMarshal.GetRawUtf8Value(url);
        var value = raw.IndexOf((byte)'\\') < 0 ? raw[1..^1] : Encoding.UTF8.GetBytes(url.GetString()!);

        if (!value.StartsWith("data:"u8))
        {
            return GatewayError.InvalidRequest(
                "Amazon Bedrock's Converse API only accepts images as inline bytes (or S3 locations), not by URL. Send the image as a base64 data URL (data:image/png;base64,...).",
                urlParam, "unsupported_value");
        }
        var comma = value.IndexOf((byte)',');
        if (comma < 0)
        {
            return Invalid(urlParam);
        }
        var header = value[5..comma];
        var data = value[(comma + 1)..];
        if (!header.EndsWith(";base64"u8))
        {
            return GatewayError.InvalidRequest("Image data URLs must be base64-encoded (data:image/png;base64,...).", urlParam, "invalid_value");
        }

        var format = Format(header[..^7]);
        if (format.IsEmpty)
        {
            return GatewayError.InvalidRequest(
                "Amazon Bedrock accepts image/png, image/jpeg, image/gif and image/webp images only.", urlParam, "unsupported_value");
        }
        if (data.IsEmpty || !Base64.IsValid(data))
        {
            return Invalid(urlParam);
        }

        json.WriteStartObject();
        json.WritePropertyName("image"u8);
        json.WriteStartObject();
        json.WriteString("format"u8, format);
        json.WritePropertyName("source"u8);
        json.WriteStartObject();
        json.WriteString("bytes"u8, data);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        return null;
    }

    private static ReadOnlySpan<byte> Format(ReadOnlySpan<byte> mediaType)
    {
        if (Ascii.EqualsIgnoreCase(mediaType, "image/png"u8))
        {
            return "png"u8;
        }
        if (Ascii.EqualsIgnoreCase(mediaType, "image/jpeg"u8) || Ascii.EqualsIgnoreCase(mediaType, "image/jpg"u8))
        {
            return "jpeg"u8;
        }
        if (Ascii.EqualsIgnoreCase(mediaType, "image/gif"u8))
        {
            return "gif"u8;
        }
        return Ascii.EqualsIgnoreCase(mediaType, "image/webp"u8) ? "webp"u8 : default;
    }

    private static GatewayError Invalid(string param) =>
        GatewayError.InvalidRequest("The image data URL is not valid base64 data.", param, "invalid_value");
}
