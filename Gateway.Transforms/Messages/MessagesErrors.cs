namespace Gateway.Transforms.Messages;

/// <summary>
/// The gateway's errors in Anthropic's shape, <c>{"type":"error","error":{"type","message"}}</c>, with Anthropic's status
/// codes: 400 <c>invalid_request_error</c> (also for other 4xx Anthropic has no type for), 401
/// <c>authentication_error</c>, 402 <c>billing_error</c>, 403 <c>permission_error</c>, 404 <c>not_found_error</c>, 413
/// <c>request_too_large</c>, 429 <c>rate_limit_error</c>, 500 <c>api_error</c> for a fault upstream or in the gateway,
/// and 529 <c>overloaded_error</c> when no provider can take the request (the gateway's 503).
/// </summary>
public static class MessagesErrors
{
    /// <summary>Anthropic's status for the gateway's error.</summary>
    public static int StatusOf(GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode switch
        {
            503 or 529 => 529,
            >= 500 => 500,
            _ => error.StatusCode,
        };
    }

    /// <summary>Anthropic's <c>error.type</c> for the gateway's error.</summary>
    public static string TypeOf(GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.StatusCode switch
        {
            401 => "authentication_error",
            402 => "billing_error",
            403 => "permission_error",
            404 => "not_found_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            503 or 529 => "overloaded_error",
            >= 500 => "api_error",
            _ => "invalid_request_error",
        };
    }

    public static void Write(Utf8JsonWriter json, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("type"u8, "error"u8);
        json.WritePropertyName("error"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, TypeOf(error));
        json.WriteString("message"u8, error.Message);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static byte[] ToUtf8(GatewayError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            Write(json, error);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
