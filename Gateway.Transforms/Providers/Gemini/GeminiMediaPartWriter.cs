namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Writes OpenAI's media content parts as Gemini parts: data URLs become <c>inlineData</c> (bare base64 and its
/// media type), http(s) URLs become <c>fileData</c> (with a media type guessed from the extension).
/// </summary>
internal static class GeminiMediaPartWriter
{
    /// <summary><c>{"type":"image_url","image_url":{"url":…}}</c>.</summary>
    public static GatewayError? WriteImage(Utf8JsonWriter json, GeminiTurnWriter turns, JsonElement imageUrl, string param, GeminiStringDecoder strings)
    {
        var urlParam = $"{param}.image_url.url";
        var url = strings.Utf8(imageUrl.GetProperty("url"u8));
        if (StartsWith(url, "data:"u8))
        {
            return WriteDataUrl(json, turns, url, urlParam);
        }
        if (!StartsWith(url, "https://"u8) && !StartsWith(url, "http://"u8))
        {
            return GatewayError.InvalidRequest(
                "Gemini accepts images as base64 data URLs (data:image/png;base64,…) or http(s) URLs.", urlParam, "invalid_value");
        }
        turns.StartPart(model: false);
        json.WriteStartObject();
        json.WritePropertyName("fileData"u8);
        json.WriteStartObject();
        json.WriteString("mimeType"u8, GeminiMimeTypes.FromUrl(url));
        json.WriteString("fileUri"u8, url);
        json.WriteEndObject();
        json.WriteEndObject();
        return null;
    }

    /// <summary><c>{"type":"input_audio","input_audio":{"data":…,"format":"wav"|"mp3"}}</c>: bare base64 already.</summary>
    public static GatewayError? WriteAudio(Utf8JsonWriter json, GeminiTurnWriter turns, JsonElement part, string param)
    {
        if (!part.TryGetProperty("input_audio"u8, out var audio) || audio.ValueKind != JsonValueKind.Object
            || !audio.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest($"Missing required parameter: '{param}.input_audio.data'.", $"{param}.input_audio.data", "missing_required_parameter");
        }
        var hasFormat = audio.TryGetProperty("format"u8, out var format) && format.ValueKind == JsonValueKind.String;
        var mimeType = !hasFormat ? null
            : format.ValueEquals("wav"u8) ? "audio/wav"
            : format.ValueEquals("mp3"u8) ? "audio/mp3"
            : null;
        if (mimeType is null)
        {
            return GatewayError.InvalidRequest("Supported audio formats are 'wav' and 'mp3'.", $"{param}.input_audio.format", "invalid_value");
        }
        turns.StartPart(model: false);
        json.WriteStartObject();
        json.WritePropertyName("inlineData"u8);
        json.WriteStartObject();
        json.WriteString("mimeType"u8, mimeType);
        json.WritePropertyName("data"u8);
        json.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(data), skipInputValidation: true);
        json.WriteEndObject();
        json.WriteEndObject();
        return null;
    }

    /// <summary><c>{"type":"file","file":{"file_data":"data:…;base64,…"}}</c>; OpenAI file ids mean nothing to Gemini.</summary>
    public static GatewayError? WriteFile(Utf8JsonWriter json, GeminiTurnWriter turns, JsonElement part, string param, GeminiStringDecoder strings)
    {
        if (part.TryGetProperty("file"u8, out var file) && file.ValueKind == JsonValueKind.Object
            && file.TryGetProperty("file_data"u8, out var data) && data.ValueKind == JsonValueKind.String)
        {
            var dataParam = $"{param}.file.file_data";
            var value = strings.Utf8(data);
            return StartsWith(value, "data:"u8)
                ? WriteDataUrl(json, turns, value, dataParam)
                : GatewayError.InvalidRequest("Gemini needs file data as a base64 data URL (data:application/pdf;base64,…).", dataParam, "invalid_value");
        }
        return GatewayError.InvalidRequest(
            "Gemini cannot read OpenAI file ids; send the file inline as 'file_data' (a base64 data URL).", $"{param}.file", "unsupported_parameter");
    }

    private static GatewayError? WriteDataUrl(Utf8JsonWriter json, GeminiTurnWriter turns, ReadOnlySpan<byte> dataUrl, string param)
    {
        // data:[<media type>][;<parameter>…];base64,<data>
        var comma = dataUrl.IndexOf((byte)',');
        var header = comma < 0 ? default : dataUrl[5..comma];
        var semicolon = header.IndexOf((byte)';');
        if (comma < 0 || !header.EndsWith(";base64"u8) || semicolon <= 0)
        {
            return GatewayError.InvalidRequest(
                "Data URLs must name a media type and be base64-encoded (data:<media type>;base64,<data>).", param, "invalid_value");
        }
        turns.StartPart(model: false);
        json.WriteStartObject();
        json.WritePropertyName("inlineData"u8);
        json.WriteStartObject();
        json.WriteString("mimeType"u8, header[..semicolon]);
        json.WriteString("data"u8, dataUrl[(comma + 1)..]);
        json.WriteEndObject();
        json.WriteEndObject();
        return null;
    }

    private static bool StartsWith(ReadOnlySpan<byte> value, ReadOnlySpan<byte> prefix) =>
        value.Length >= prefix.Length && System.Text.Ascii.EqualsIgnoreCase(value[..prefix.Length], prefix);
}
