namespace Gateway.Proxy.Configuration;

/// <summary>
/// One published version of the catalog (routing policies and quota limits included). A request takes it once, at
/// authentication (<see cref="Auth.CallerFeature"/>), and keeps it to the end.
/// </summary>
internal sealed record GatewaySnapshot(GatewayCatalog Catalog, long Revision, DateTimeOffset PublishedAt);
