using Gateway.Data.Records;
using Gateway.Data.Repositories;
using Gateway.Proxy.Admin.Audit;
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

    private readonly RoutingPolicyRepository _policies;
    private readonly AdminAccess _access;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminAuditor _audit;

    public RoutingPolicyEndpoints(RoutingPolicyRepository policies, AdminAccess access, AdminRequestReader reader, AdminPaging paging, AdminAuditor audit)
    {
        _policies = policies;
        _access = access;
        _reader = reader;
        _paging = paging;
        _audit = audit;
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
        // Writes ignore the client's cancellation: a write that lands must be followed by its audit entry.
        var created = RoutingPolicyResponse.From(await _policies.CreateAsync(spec, CancellationToken.None).ConfigureAwait(false));
        await _audit.RecordAsync(caller, AuditActions.Create, Entity, created.Id.ToString(), null, created).ConfigureAwait(false);
        return TypedResults.Created($"{AdminRoutes.Prefix}/routing-policies/{created.Id}", created);
    }

    private async Task<IResult> ListAsync(HttpContext context, [FromQuery(Name = "scope")] string? scope, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        var filter = await _access.ListScopeAsync(context.AdminCaller(), scope, cancellationToken).ConfigureAwait(false);
        var page = _paging.Parse(query);
        return TypedResults.Ok(await AdminPaging.ListAsync(page, p => _policies.ListAsync(filter, p, cancellationToken), RoutingPolicyResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(context.AdminCaller(), id, cancellationToken).ConfigureAwait(false));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var spec = await ReadAsync(context, caller).ConfigureAwait(false);
        var after = RoutingPolicyResponse.From(await _policies.UpdateAsync(id, spec, CancellationToken.None).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString())));
        await _audit.RecordAsync(caller, AuditActions.Update, Entity, id.ToString(), before, after).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        if (!await _policies.DeleteAsync(id, CancellationToken.None).ConfigureAwait(false))
        {
            throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        }
        await _audit.RecordAsync(caller, AuditActions.Delete, Entity, id.ToString(), before, null).ConfigureAwait(false);
        return TypedResults.Ok(DeletedResponse.Of(Entity, id.ToString()));
    }

    private async Task<RoutingPolicySpec> ReadAsync(HttpContext context, AdminCaller caller)
    {
        var spec = RoutingPolicyValidator.Validate(await _reader.ReadAsync<RoutingPolicyRequest>(context).ConfigureAwait(false));
        await _access.RequireAsync(caller, spec.Scope, "scope", context.RequestAborted).ConfigureAwait(false);
        return spec;
    }

    private async Task<RoutingPolicyResponse> FindAsync(AdminCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var policy = await _policies.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        await _access.RequireAsync(caller, policy.Scope, null, cancellationToken).ConfigureAwait(false);
        return RoutingPolicyResponse.From(policy);
    }
}
