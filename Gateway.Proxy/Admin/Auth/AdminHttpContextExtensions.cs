namespace Gateway.Proxy.Admin.Auth;

/// <summary>The admin caller set by authentication.</summary>
internal static class AdminHttpContextExtensions
{
    public static AdminCaller AdminCaller(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.GetRequiredFeature<AdminCaller>();
    }
}
