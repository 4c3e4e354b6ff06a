using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.Environments;

/// <summary>An environment's name (as a team's) and its body-storage flag, off unless asked for.</summary>
internal static class EnvironmentValidator
{
    public static (string Name, bool StoreBodies) Validate(EnvironmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (Fields.Name(request.Name, "name"), request.StoreBodies ?? false);
    }
}
