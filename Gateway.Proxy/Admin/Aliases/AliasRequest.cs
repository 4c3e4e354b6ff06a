namespace Gateway.Proxy.Admin.Aliases;

/// <summary>
/// Body of creating or replacing a model alias: the name clients send as <c>model</c>, at a scope
/// (<c>global</c>, <c>org:ID</c>, <c>team:ID</c>, <c>environment:ID</c>), with its targets in order and a
/// <c>strategy</c>: failover (default), weighted, latency, cost, hybrid or throughput; <c>cache</c> caches its answers.
/// </summary>
internal sealed record AliasRequest(
    [property: Required] string? Scope = null,
    [property: Required] string? Name = null,
    string? Strategy = null,
    [property: Required] IReadOnlyList<AliasTargetRequest?>? Targets = null,
    AliasCacheRequest? Cache = null);
