using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.Organizations;

/// <summary>An organization's name: required, 1 to 200 characters after trimming, no control characters.</summary>
internal static class OrganizationValidator
{
    public static string Name(OrganizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Fields.Name(request.Name, "name");
    }
}
