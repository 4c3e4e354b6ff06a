namespace Gateway.Transforms.Multipart;

/// <summary>The boundary of a <c>multipart/form-data</c> content type, checked against RFC 2046's grammar.</summary>
public static class MultipartBoundary
{
    /// <summary>RFC 2046 §5.1.1: 1 to 70 characters.</summary>
    public const int MaxLength = 70;

    /// <summary>
    /// The boundary of <paramref name="contentType"/>; false with the reason when it is not <c>multipart/form-data</c> or
    /// its boundary is missing, too long, or has characters RFC 2046 does not allow.
    /// </summary>
    public static bool TryParse(string? contentType, out string boundary, out string problem)
    {
        boundary = string.Empty;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media)
            || !string.Equals(media.MediaType, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            problem = "not multipart/form-data";
            return false;
        }
        string? value = null;
        foreach (var parameter in media.Parameters)
        {
            if (parameter.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))
            {
                value = parameter.Value is { Length: >= 2 } quoted && quoted[0] == '"' && quoted[^1] == '"' ? quoted[1..^1] : parameter.Value;
            }
        }
        if (string.IsNullOrEmpty(value))
        {
            problem = "the content type has no boundary";
            return false;
        }
        if (value.Length > MaxLength || value[^1] == ' ' || !IsBoundaryText(value))
        {
            problem = "the boundary is not a valid multipart boundary";
            return false;
        }
        boundary = value;
        problem = string.Empty;
        return true;
    }

    /// <summary>The bytes that end one part and start the next: CRLF, <c>--</c>, the boundary.</summary>
    public static byte[] Delimiter(string boundary) => Encoding.ASCII.GetBytes("\r\n--" + boundary);

    private static bool IsBoundaryText(string value)
    {
        foreach (var c in value)
        {
            var allowed = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '\'' or '(' or ')' or '+' or '_' or ',' or '-' or '.' or '/' or ':' or '=' or '?' or ' ';
            if (!allowed)
            {
                return false;
            }
        }
        return true;
    }
}
