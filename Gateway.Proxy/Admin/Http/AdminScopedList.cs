using Gateway.Data.Sql;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// The list route of a collection kept per scope: <c>GET</c> on the group, the items of the scope <c>?scope=</c> names
/// (one the caller administers) or, without it, of every scope the caller may see, a page at a time.
/// </summary>
internal sealed class AdminScopedList(AdminAccess access, AdminPaging paging)
{
    public RouteHandlerBuilder Map<TRecord, TResponse>(
        RouteGroupBuilder group, Func<Scope?, PageRequest, CancellationToken, Task<Page<TRecord>>> list, Func<TRecord, TResponse> respond)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.MapGet("", async Task<IResult> (
            HttpContext context, [FromQuery(Name = "scope")] string? scope, [AsParameters] PageQuery query, CancellationToken cancellationToken) =>
        {
            var filter = await access.ListScopeAsync(context.AdminCaller(), scope, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(await paging.ListAsync(query, page => list(filter, page, cancellationToken), respond).ConfigureAwait(false));
        }).Returns<AdminList<TResponse>>();
    }
}
