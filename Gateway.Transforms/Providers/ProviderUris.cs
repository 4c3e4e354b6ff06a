namespace Gateway.Transforms.Providers;

/// <summary>Joins a provider's documented API root with an adapter's path, and escapes names that go into it.</summary>
public static class ProviderUris
{
    public static string Combine(string baseUrl, string path)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(path);
        return string.Concat(baseUrl.AsSpan().TrimEnd('/'), path);
    }

    /// <summary>
    /// <paramref name="value"/> (a model or deployment name) as one path segment: everything outside RFC 3986's
    /// unreserved characters is percent-encoded, so <c>/</c>, <c>?</c>, <c>#</c>, <c>%</c> and <c>:</c> cannot change
    /// the path, the query or the method it addresses. A whole segment of <c>.</c> or <c>..</c> cannot be sent at all
    /// (<see cref="IsDotSegment"/>): adapters refuse such a name before they get here.
    /// </summary>
    public static string EscapeSegment(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsDotSegment(value))
        {
            throw new ArgumentException($"'{value}' cannot be sent as a path segment.", nameof(value));
        }
        return Uri.EscapeDataString(value);
    }

    /// <summary>
    /// True for <c>.</c> and <c>..</c>, which <see cref="Uri"/> resolves away even percent-encoded (<c>%2E%2E</c>), as
    /// many servers do: as a whole segment they would address another path on the provider's host.
    /// </summary>
    public static bool IsDotSegment(string value) => value is "." or "..";

    /// <summary>The client's error for a target whose model cannot be one path segment (<see cref="IsDotSegment"/>); null when it can.</summary>
    public static GatewayError? RefuseDotSegment(UpstreamTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return IsDotSegment(target.Model)
            ? GatewayError.InvalidRequest(
                $"The model '{target.Model}' cannot be addressed at provider '{target.ProviderId}': '.' and '..' are not model names.", "model", "invalid_value")
            : null;
    }
}
