namespace Gateway.Proxy.Admin.Organizations;

/// <summary>Body of creating or renaming an organization.</summary>
internal sealed record OrganizationRequest([property: Required] string? Name = null);
