namespace Gateway.Proxy.Admin.Environments;

/// <summary>Body of creating or replacing an environment; <c>store_bodies</c> (default false) opts in to storing request and response bodies.</summary>
internal sealed record EnvironmentRequest([property: Required] string? Name = null, bool? StoreBodies = null);
