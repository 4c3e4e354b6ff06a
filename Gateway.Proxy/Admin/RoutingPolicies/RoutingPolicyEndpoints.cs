using Gateway.Data.RoutingPolicies;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Admin.Http;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Proxy.Admin.RoutingPolicies;

/// <summary><c>/admin/v1/routing-policies</c>: routing policies per scope (global ones need a global admin).</summary>
internal sealed class RoutingPolicyEndpoints
{
    private const string Entity = "routing_policy";

    private static readonly AdminResource<RoutingPolicyResponse> Resource =
        new(Entity, policy => policy.Id.ToString(), policy => $"{AdminRoutes.Prefix}/routing-policies/{policy.Id}");

    private readonly RoutingPolicyRepository _policies;
    private readonly AdminAccess _access;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminWrites _writes;

    public RoutingPolicyEndpoints(RoutingPolicyRepository policies, AdminAccess access, AdminRequestReader reader, AdminPaging paging, AdminWrites writes)
    {
        _policies = policies;
        _access = access;
        _reader = reader;
        _paging = paging;
        _writes = writes;
    }

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/routing-policies").WithTags("Routing policies");
        group.MapPost("", (Delegate)CreateAsync).AcceptsJson<RoutingPolicyRequest>().Returns<RoutingPolicyResponse>(StatusCodes.Status201Created);
        group.MapGet("", ListAsync).Returns<AdminList<RoutingPolicyResponse>>();
        group.MapGet("/{id:guid}", GetAsync).Returns<RoutingPolicyResponse>();
        group.MapPut("/{id:guid}", UpdateAsync).AcceptsJson<RoutingPolicyRequest>().Returns<RoutingPolicyResponse>();
        group.MapDelete("/{id:guid}", DeleteAsync).Returns<DeletedResponse>();
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        var caller = context.AdminCaller();
        var spec = await ReadAsync(context, caller).ConfigureAwait(false);
        return await _writes.CreateAsync(caller, Resource, ct => _policies.CreateAsync(spec, ct), RoutingPolicyResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> ListAsync(HttpContext context, [FromQuery(Name = "scope")] string? scope, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        var filter = await _access.ListScopeAsync(context.AdminCaller(), scope, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await _paging.ListAsync(query, p => _policies.ListAsync(filter, p, cancellationToken), RoutingPolicyResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(context.AdminCaller(), id, cancellationToken).ConfigureAwait(false));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var spec = await ReadAsync(context, caller).ConfigureAwait(false);
        return await _writes.UpdateAsync(caller, Resource, before, ct => _policies.UpdateAsync(id, spec, ct), RoutingPolicyResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        return await _writes.DeleteAsync(caller, Resource, before, ct => _policies.DeleteAsync(id, ct)).ConfigureAwait(false);
    }

    private async Task<RoutingPolicySpec> ReadAsync(HttpContext context, AdminCaller caller)
    {
        var spec = RoutingPolicyValidator.Validate(await _reader.ReadAsync<RoutingPolicyRequest>(context).ConfigureAwait(false));
        await _access.RequireScopeAsync(caller, spec.Scope, "scope", context.RequestAborted).ConfigureAwait(false);
        return spec;
    }

    private async Task<RoutingPolicyResponse> FindAsync(AdminCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var policy = await _policies.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        await _access.RequireEntityAsync(caller, policy.Scope, Entity, id.ToString(), cancellationToken).ConfigureAwait(false);
        return RoutingPolicyResponse.From(policy);
    }
}
