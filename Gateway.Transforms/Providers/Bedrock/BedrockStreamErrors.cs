namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Maps a ConverseStream exception message (<c>:message-type exception</c>, <c>:exception-type</c>, payload
/// <c>{"message":"…"}</c>) to the in-stream error: throttling → 429, serviceUnavailable → 503, validation → 400,
/// internalServer and modelStreamError (and anything else) → 502.
/// </summary>
internal static class BedrockStreamErrors
{
    public static GatewayError FromException(ReadOnlySpan<byte> exceptionType, ReadOnlySpan<byte> payload, string providerId)
    {
        var type = exceptionType.IsEmpty ? "unknownException" : System.Text.Encoding.UTF8.GetString(exceptionType);
        var message = ReadMessage(payload);
        if (exceptionType.SequenceEqual("throttlingException"u8))
        {
            return new GatewayError(429, GatewayErrorTypes.RateLimit,
                message ?? $"Provider '{providerId}' is rate limiting requests.", type);
        }
        if (exceptionType.SequenceEqual("serviceUnavailableException"u8))
        {
            return new GatewayError(503, GatewayErrorTypes.Upstream,
                $"Provider '{providerId}' is unavailable or overloaded{Suffix(message)}", type);
        }
        if (exceptionType.SequenceEqual("validationException"u8))
        {
            return new GatewayError(400, GatewayErrorTypes.InvalidRequest,
                message ?? $"Provider '{providerId}' rejected the request.", type);
        }
        return new GatewayError(502, GatewayErrorTypes.Upstream, $"Provider '{providerId}' reported {type}{Suffix(message)}", type);
    }

    /// <summary>A generic event stream error (<c>:message-type error</c>) carries its code and message in headers.</summary>
    public static GatewayError FromError(ReadOnlySpan<byte> errorCode, ReadOnlySpan<byte> errorMessage, string providerId)
    {
        var code = errorCode.IsEmpty ? "upstream_error" : System.Text.Encoding.UTF8.GetString(errorCode);
        var message = errorMessage.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(errorMessage);
        return new GatewayError(502, GatewayErrorTypes.Upstream, $"Provider '{providerId}' reported {code}{Suffix(message)}", code);
    }

    private static string Suffix(string? message) => message is null ? "." : $": {message}";

    private static string? ReadMessage(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("Message"u8);
                reader.Read();
                if (isMessage && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }
                reader.Skip();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
