using System.Globalization;

namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Reads Google's error body <c>{"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED","details":[…]}}</c>.
/// The canonical <c>status</c> is both type and code. From <c>details</c>: an <c>ErrorInfo</c> with reason
/// <c>API_KEY_INVALID</c> (or another reason that refuses the key or its project) marks the credential rejected (Google answers a bad key with 400 INVALID_ARGUMENT), and a
/// <c>RetryInfo</c>'s <c>retryDelay</c> (a protobuf Duration such as <c>"37s"</c>) is the retry delay. The same object
/// wrapped in an array (the non-SSE streaming method's framing) is accepted too.
/// </summary>
internal static class GeminiErrorReader
{
    public static UpstreamErrorDetail Read(ReadOnlySpan<byte> body) => Read(body, out _);

    /// <summary>Also returns the error's numeric <c>code</c> (an HTTP status), 0 when absent.</summary>
    public static UpstreamErrorDetail Read(ReadOnlySpan<byte> body, out int code)
    {
        code = 0;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read())
            {
                return default;
            }
            if (reader.TokenType == JsonTokenType.StartArray && !reader.Read())
            {
                return default;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    return ReadErrorValue(ref reader, out code);
                }
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Best effort: a body that is not Google's JSON yields what was read so far, or nothing.
        }
        return default;
    }

    /// <summary>Reads the value of <c>error</c> (the reader is on it): Google's object, or a bare message string.</summary>
    internal static UpstreamErrorDetail ReadErrorValue(ref Utf8JsonReader reader, out int code)
    {
        code = 0;
        if (reader.TokenType == JsonTokenType.String)
        {
            return new UpstreamErrorDetail(reader.GetString(), null, null);
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }
        string? message = null, status = null;
        var credentialRejected = false;
        TimeSpan? retryDelay = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("details"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadDetails(ref reader, ref credentialRejected, ref retryDelay);
                    continue;
                }
                reader.Skip();
                continue;
            }
            if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = reader.TokenType == JsonTokenType.String ? reader.GetString() : message;
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                status = reader.TokenType == JsonTokenType.String ? reader.GetString() : status;
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out code))
                {
                    code = 0;
                }
            }
            else
            {
                reader.Read();
            }
            reader.Skip();
        }
        return new UpstreamErrorDetail(message, status, status, credentialRejected, retryDelay);
    }

    /// <summary>Reads the <c>details</c> array (the reader is on its StartArray; it ends on its EndArray).</summary>
    private static void ReadDetails(ref Utf8JsonReader reader, ref bool credentialRejected, ref TimeSpan? retryDelay)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == depth))
        {
            // Only the detail objects' own fields count, not same-named fields nested in their metadata.
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != depth + 2)
            {
                continue;
            }
            if (reader.ValueTextEquals("reason"u8))
            {
                reader.Read();
                credentialRejected |= reader.TokenType == JsonTokenType.String && IsCredentialReason(reader.GetString()!);
            }
            else if (reader.ValueTextEquals("retryDelay"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    retryDelay = ParseDuration(reader.GetString()!) ?? retryDelay;
                }
            }
        }
    }

    /// <summary>
    /// <c>ErrorInfo</c> reasons that refuse the key or its project rather than the request: a key that is invalid or
    /// expired (<c>API_KEY_INVALID</c>), restricted away from this API, address or referrer (<c>API_KEY_*_BLOCKED</c>),
    /// or a project with the API turned off or suspended.
    /// </summary>
    private static bool IsCredentialReason(string reason) =>
        reason.StartsWith("API_KEY_", StringComparison.Ordinal) || reason is "SERVICE_DISABLED" or "CONSUMER_SUSPENDED";

    /// <summary>A protobuf Duration in JSON: seconds with up to nine fractional digits and an <c>s</c> suffix.</summary>
    private static TimeSpan? ParseDuration(string text) =>
        text.EndsWith('s')
        && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
