namespace Gateway.Proxy.Admin.Organizations;

/// <summary>Body of creating or renaming an organization. The name is required: 1 to 200 characters after trimming, no control characters.</summary>
internal sealed record OrganizationRequest([property: Required] string? Name = null);
