namespace Gateway.Transforms.Providers.Cohere;

/// <summary>
/// Reads Cohere's error body, <c>{"id": "…", "message": "…"}</c> for every status. The <c>id</c> identifies the
/// request at Cohere, not the kind of error, so it is not reported as a code; Cohere sends no type or code.
/// </summary>
internal static class CohereErrorReader
{
    public static UpstreamErrorDetail Read(ReadOnlySpan<byte> body) => ErrorBodyReader.Read(body, ReadObject);

    private static UpstreamErrorDetail ReadObject(ref Utf8JsonReader reader) =>
        CohereJson.MoveToProperty(ref reader, "message"u8) && reader.TokenType == JsonTokenType.String
            ? new UpstreamErrorDetail(reader.GetString(), null, null)
            : default;
}
