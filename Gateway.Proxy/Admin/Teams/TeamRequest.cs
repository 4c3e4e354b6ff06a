namespace Gateway.Proxy.Admin.Teams;

/// <summary>Body of creating or renaming a team.</summary>
internal sealed record TeamRequest([property: Required] string? Name = null);
