using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Proxy.Admin.Auth;

/// <summary><c>GET /admin/v1/me</c>: what the calling key may administer, so a tool can find its scopes.</summary>
internal static class CallerEndpoints
{
    public static void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/me", Get).WithTags("Caller").Returns<CallerResponse>();
    }

    private static Ok<CallerResponse> Get(HttpContext context)
    {
        var caller = context.AdminCaller();
        return TypedResults.Ok(new CallerResponse(caller.Actor, caller.IsGlobal, caller.Scopes.Select(scope => scope.ToString()).ToArray()));
    }
}
