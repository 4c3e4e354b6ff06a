namespace Gateway.Proxy.Admin.Teams;

/// <summary>
/// Body of creating or renaming a team. The name is required: 1 to 200 characters after trimming, no control
/// characters; unique within its organization.
/// </summary>
internal sealed record TeamRequest([property: Required] string? Name = null);
