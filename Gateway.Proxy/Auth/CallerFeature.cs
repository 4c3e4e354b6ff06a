using Gateway.Policies.Keys;
using Gateway.Proxy.Configuration;

namespace Gateway.Proxy.Auth;

/// <summary>Who is calling, and the catalog snapshot the request runs on (taken once, at authentication).</summary>
internal sealed record CallerFeature(GatewayKey Key, GatewaySnapshot Snapshot);
