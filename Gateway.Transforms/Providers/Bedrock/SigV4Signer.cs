using System.Globalization;
using System.Security.Cryptography;

namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// AWS Signature Version 4 (<c>AWS4-HMAC-SHA256</c>) in the <c>Authorization</c> header: canonical request
/// (method, URI-encoded path, sorted query, sorted lower-cased headers, signed header list, payload SHA-256),
/// string to sign (algorithm, timestamp, scope, hash of the canonical request), signing key derived by the
/// HMAC chain <c>AWS4+secret → date → region → service → aws4_request</c>.
/// </summary>
/// <remarks>
/// The path is encoded as it goes on the wire, so an already percent-encoded segment is encoded again; that is
/// the rule for every service but S3. Paths are not dot-segment normalized: the adapters using this never send
/// <c>.</c>, <c>..</c> or empty segments.
/// </remarks>
internal sealed class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    private readonly TimeProvider _time;

    public SigV4Signer(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>Signs <paramref name="request"/> (absolute URI) for <paramref name="payload"/>, signing only host and the <c>x-amz-*</c> headers it sets.</summary>
    public void Sign(HttpRequestMessage request, ReadOnlySpan<byte> payload, AwsCredentials credentials, string region, string service) =>
        Sign(request, payload, credentials, region, service, addContentSha256Header: false, []);

    /// <summary>
    /// Signs <paramref name="request"/>: sets <c>Host</c>, <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (with a session token),
    /// <c>X-Amz-Content-Sha256</c> (when asked) and <c>Authorization</c>. Headers named in <paramref name="additionalSignedHeaders"/>
    /// are signed too, read from the request or its content.
    /// </summary>
    public void Sign(
        HttpRequestMessage request,
        ReadOnlySpan<byte> payload,
        AwsCredentials credentials,
        string region,
        string service,
        bool addContentSha256Header,
        IReadOnlyCollection<string> additionalSignedHeaders)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(additionalSignedHeaders);
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request needs an absolute URI to be signed.", nameof(request));
        }

        var now = _time.GetUtcNow();
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(payload));
        var host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";

        var headers = request.Headers;
        headers.Host = host;
        headers.Remove("X-Amz-Date");
        headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var signed = new List<KeyValuePair<string, string>>(5 + additionalSignedHeaders.Count)
        {
            new("host", host),
            new("x-amz-date", amzDate),
        };
        headers.Remove("X-Amz-Security-Token");
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);
            signed.Add(new("x-amz-security-token", credentials.SessionToken));
        }
        headers.Remove("X-Amz-Content-Sha256");
        if (addContentSha256Header)
        {
            headers.TryAddWithoutValidation("X-Amz-Content-Sha256", payloadHash);
            signed.Add(new("x-amz-content-sha256", payloadHash));
        }
        foreach (var name in additionalSignedHeaders)
        {
            var value = ReadHeader(request, name);
            if (value is not null)
            {
                signed.Add(new(name, value));
            }
        }

        var query = uri.Query.Length > 0 ? uri.Query[1..] : string.Empty;
        var signature = Compute(request.Method.Method, uri.AbsolutePath, query, signed, payloadHash, credentials, region, service, now);
        headers.Authorization = new AuthenticationHeaderValue(Algorithm, signature.Authorization[(Algorithm.Length + 1)..]);
    }

    /// <summary>
    /// The whole computation over an already-assembled request. <paramref name="path"/> is the path as sent
    /// (it is URI-encoded once more here), <paramref name="query"/> the query without <c>?</c>.
    /// </summary>
    internal static SigV4Signature Compute(
        string method,
        string path,
        string query,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string payloadHash,
        AwsCredentials credentials,
        string region,
        string service,
        DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var dateStamp = utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(headers);
        var canonicalRequest = string.Join('\n',
            method.ToUpperInvariant(), CanonicalUri(path), CanonicalQuery(query), canonicalHeaders, signedHeaders, payloadHash);

        var scope = $"{dateStamp}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n',
            Algorithm, amzDate, scope, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), Encoding.UTF8.GetBytes(dateStamp));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(canonicalRequest, stringToSign, signedHeaders, signature, authorization);
    }

    /// <summary>Percent-encodes every byte of the UTF-8 path except RFC 3986 unreserved characters and <c>/</c>.</summary>
    internal static string CanonicalUri(string path) => path.Length == 0 ? "/" : UriEncode(path, keepSlash: true);

    internal static string CanonicalQuery(string query)
    {
        if (query.Length == 0)
        {
            return string.Empty;
        }
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add(new(UriEncode(Uri.UnescapeDataString(name), keepSlash: false), UriEncode(Uri.UnescapeDataString(value), keepSlash: false)));
        }
        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Key, b.Key);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        var builder = new StringBuilder();
        foreach (var pair in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }
            builder.Append(pair.Key).Append('=').Append(pair.Value);
        }
        return builder.ToString();
    }

    private static (string Canonical, string Signed) CanonicalHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        // Same-named headers are joined with commas in the order given; names sort ordinally.
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.Trim().ToLowerInvariant();
            var trimmed = CollapseSpaces(value);
            byName[key] = byName.TryGetValue(key, out var existing) ? existing + "," + trimmed : trimmed;
        }
        var canonical = new StringBuilder();
        var signed = new StringBuilder();
        foreach (var (name, value) in byName)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
            if (signed.Length > 0)
            {
                signed.Append(';');
            }
            signed.Append(name);
        }
        return (canonical.ToString(), signed.ToString());
    }

    /// <summary>Trims a header value and collapses each inner run of spaces to one, as the canonical form requires.</summary>
    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.AsSpan().Trim())
        {
            if (c is ' ' or '\t')
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    private static string UriEncode(string value, bool keepSlash)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' || (keepSlash && b == (byte)'/'))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static string? ReadHeader(HttpRequestMessage request, string name)
    {
        if (request.Headers.TryGetValues(name, out var values))
        {
            return string.Join(',', values);
        }
        var content = request.Content;
        if (content is null)
        {
            return null;
        }
        if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            return content.Headers.ContentLength?.ToString(CultureInfo.InvariantCulture);
        }
        return content.Headers.TryGetValues(name, out var contentValues) ? string.Join(',', contentValues) : null;
    }
}
