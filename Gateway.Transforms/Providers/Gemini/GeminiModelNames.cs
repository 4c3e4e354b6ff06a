namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Gemini reports <c>modelVersion</c> sometimes as a resource name (<c>models/gemini-2.5-flash</c>); clients
/// expect the bare model name they asked for.
/// </summary>
internal static class GeminiModelNames
{
    public static ReadOnlySpan<byte> Bare(ReadOnlySpan<byte> modelVersion) =>
        modelVersion.StartsWith("models/"u8) ? modelVersion["models/"u8.Length..] : modelVersion;

    /// <summary>The bare model name from a raw <c>modelVersion</c> string token.</summary>
    public static string Decode(ReadOnlySpan<byte> rawToken, GeminiStringDecoder strings) =>
        Encoding.UTF8.GetString(Bare(strings.Unescape(rawToken)));
}
