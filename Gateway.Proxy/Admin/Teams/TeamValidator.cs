using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.Teams;

/// <summary>A team's name: required, 1 to 200 characters after trimming, no control characters; unique within its organization.</summary>
internal static class TeamValidator
{
    public static string Name(TeamRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Fields.Name(request.Name, "name");
    }
}
