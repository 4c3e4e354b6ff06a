using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Gateway.Policies.Keys;
using Microsoft.AspNetCore.Connections.Features;

namespace Gateway.Proxy.Auth;

/// <summary>
/// The hash of the last API key presented on an HTTP/1.x connection. A client sends the same key on every request of a
/// kept connection, and a key's SHA-256 costs about 3 µs a request, most of it OpenSSL's per-call set-up
/// (bench/README.md, thirteenth round): with this it is computed once per connection and key. The only thing held is
/// the header's string, which Kestrel itself keeps for the connection (it reuses a header's string when the next
/// request repeats its bytes), for no longer than the connection lives. HTTP/2 and HTTP/3 streams share their
/// connection's items across threads, so their keys are hashed every time.
/// </summary>
internal sealed class ConnectionKeyHash
{
    private string? _header;
    private KeyHash _hash;

    /// <summary>The hash of <paramref name="key"/>, read from the header value <paramref name="header"/>.</summary>
    public static KeyHash Of(HttpContext context, string header, ReadOnlySpan<char> key)
    {
        var protocol = context.Request.Protocol;
        if (!HttpProtocol.IsHttp11(protocol) && !HttpProtocol.IsHttp10(protocol)
            || context.Features.Get<IConnectionItemsFeature>()?.Items is not { } items)
        {
            return KeyHash.Compute(key);
        }
        if (items.TryGetValue(typeof(ConnectionKeyHash), out var item) && item is ConnectionKeyHash memo)
        {
            if (SameHeader(memo._header, header))
            {
                return memo._hash;
            }
        }
        else
        {
            memo = new ConnectionKeyHash();
            items[typeof(ConnectionKeyHash)] = memo;
        }
        var hash = KeyHash.Compute(key);
        memo._header = header;
        memo._hash = hash;
        return hash;
    }

    /// <summary>
    /// Compared in constant time: behind an ingress that pools connections, the last header on a connection may be
    /// another client's key.
    /// </summary>
    private static bool SameHeader(string? last, string header) =>
        ReferenceEquals(last, header)
        || (last is not null && last.Length == header.Length
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(last.AsSpan()), MemoryMarshal.AsBytes(header.AsSpan())));
}
