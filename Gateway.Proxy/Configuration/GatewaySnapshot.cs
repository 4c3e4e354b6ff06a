using Gateway.Policies.Catalog;

namespace Gateway.Proxy.Configuration;

/// <summary>One published version of the catalog. Requests keep the snapshot they started with.</summary>
public sealed record GatewaySnapshot(GatewayCatalog Catalog, long Revision, DateTimeOffset PublishedAt);
