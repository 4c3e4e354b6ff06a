namespace Gateway.Proxy.Admin.Aliases;

internal sealed record AliasTargetResponse(string Provider, string Model, decimal? Weight);
