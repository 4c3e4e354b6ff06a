using Gateway.Policies.Keys;

namespace Gateway.Proxy.Dashboard.Sessions;

/// <summary>
/// A signed-in dashboard session, as its cookie carries it: the SHA-256 of the admin key that signed in (never the
/// key; the key is looked up by it on every request, so revoking the key ends the session), when it ends, and a random
/// nonce its CSRF token is derived from.
/// </summary>
internal sealed record DashboardSession(KeyHash KeyHash, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, byte[] Nonce);
