namespace Gateway.Proxy.Admin.Aliases;

/// <summary>One destination of an alias: a provider id, the model name there, and a weight for weighted strategies (default 1).</summary>
internal sealed record AliasTargetRequest(
    [property: Required] string? Provider = null,
    [property: Required] string? Model = null,
    decimal? Weight = null);
