namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Reads a Bedrock error body: <c>{"message":"…"}</c> (the AWS front door sometimes writes <c>Message</c>). The error's
/// type travels in the <c>x-amzn-ErrorType</c> header, which this reader does not see; a <c>__type</c> field is used
/// where a body carries one.
/// </summary>
internal static class BedrockErrorReader
{
    public static UpstreamErrorDetail Read(ReadOnlySpan<byte> body) => ErrorBodyReader.Read(body, ReadObject);

    private static UpstreamErrorDetail ReadObject(ref Utf8JsonReader reader)
    {
        string? message = null, type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("Message"u8);
            var isType = reader.ValueTextEquals("__type"u8);
            reader.Read();
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.String)
            {
                continue;
            }
            if (isMessage)
            {
                message ??= reader.GetString();
            }
            else if (isType)
            {
                type = ShortType(reader.GetString()!);
            }
        }
        return new UpstreamErrorDetail(message, type, null);
    }

    /// <summary><c>com.amazon.coral.service#ThrottlingException</c> or <c>ThrottlingException:http://…</c> → <c>ThrottlingException</c>.</summary>
    internal static string ShortType(string type)
    {
        var hash = type.LastIndexOf('#');
        if (hash >= 0)
        {
            type = type[(hash + 1)..];
        }
        var colon = type.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? type[..colon] : type;
    }
}
