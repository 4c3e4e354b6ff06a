using Gateway.Data.RoutingPolicies;

namespace Gateway.Proxy.Admin.RoutingPolicies;

/// <summary><c>/admin/v1/routing-policies</c>: routing policies per scope (global ones need a global admin).</summary>
internal sealed class RoutingPolicyEndpoints(
    RoutingPolicyRepository policies, AdminAccess access, AdminRequestReader reader, AdminScopedList list, AdminWrites writes) : IAdminEndpoints
{
    private const string Entity = "routing_policy";

    private static readonly AdminResource<RoutingPolicyResponse> Resource = new(Entity, "routing-policies", policy => policy.Id.ToString());

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/routing-policies").WithTags("Routing policies");
        var routes = new AdminCrudRoutes<Guid, RoutingPolicyResponse>(Resource, "/{id:guid}", (caller, id, _, ct) => FindAsync(caller, id, ct), writes);
        routes.MapCreate(group, ReadAsync, policies.CreateAsync, RoutingPolicyResponse.From).AcceptsJson<RoutingPolicyRequest>();
        list.Map(group, policies.ListAsync, RoutingPolicyResponse.From);
        routes.MapGet(group);
        routes.MapReplace(group, ReadAsync, policies.UpdateAsync, RoutingPolicyResponse.From).AcceptsJson<RoutingPolicyRequest>();
        routes.MapDelete(group, policies.DeleteAsync);
    }

    private async Task<RoutingPolicySpec> ReadAsync(HttpContext context, AdminCaller caller)
    {
        var spec = RoutingPolicyValidator.Validate(await reader.ReadAsync<RoutingPolicyRequest>(context).ConfigureAwait(false));
        await access.RequireScopeAsync(caller, spec.Scope, "scope", context.RequestAborted).ConfigureAwait(false);
        return spec;
    }

    private async Task<RoutingPolicyResponse> FindAsync(AdminCaller caller, Guid id, CancellationToken cancellationToken) =>
        RoutingPolicyResponse.From(await access.RequireEntityAsync(
            caller, policies.GetAsync(id, cancellationToken), policy => policy.Scope, Entity, id.ToString(), cancellationToken).ConfigureAwait(false));
}
