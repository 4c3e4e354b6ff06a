using Gateway.Data.Repositories;
using Gateway.Proxy.Admin.Audit;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Admin.Http;

namespace Gateway.Proxy.Admin.Organizations;

/// <summary>
/// <c>/admin/v1/organizations</c>: created, listed and deleted by a global admin; read and renamed by its admins too.
/// Deleting one deletes its teams, environments, key bindings, scoped providers, aliases, policies and quotas.
/// </summary>
internal sealed class OrganizationEndpoints
{
    private const string Entity = "organization";

    private readonly OrganizationRepository _organizations;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminAuditor _audit;

    public OrganizationEndpoints(OrganizationRepository organizations, AdminRequestReader reader, AdminPaging paging, AdminAuditor audit)
    {
        _organizations = organizations;
        _reader = reader;
        _paging = paging;
        _audit = audit;
    }

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/organizations").WithTags("Organizations");
        group.MapPost("", (Delegate)CreateAsync).AcceptsJson<OrganizationRequest>().Returns<OrganizationResponse>(StatusCodes.Status201Created);
        group.MapGet("", ListAsync).Returns<AdminList<OrganizationResponse>>();
        group.MapGet("/{id:guid}", GetAsync).Returns<OrganizationResponse>();
        group.MapPut("/{id:guid}", UpdateAsync).AcceptsJson<OrganizationRequest>().Returns<OrganizationResponse>();
        group.MapDelete("/{id:guid}", DeleteAsync).Returns<DeletedResponse>();
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        var caller = context.AdminCaller();
        AdminAccess.RequireGlobal(caller);
        var name = OrganizationValidator.Name(await _reader.ReadAsync<OrganizationRequest>(context).ConfigureAwait(false));
        // Writes ignore the client's cancellation: a write that lands must be followed by its audit entry.
        var created = OrganizationResponse.From(await _organizations.CreateAsync(name, CancellationToken.None).ConfigureAwait(false));
        await _audit.RecordAsync(caller, AuditActions.Create, Entity, created.Id.ToString(), null, created).ConfigureAwait(false);
        return TypedResults.Created($"{AdminRoutes.Prefix}/organizations/{created.Id}", created);
    }

    private async Task<IResult> ListAsync(HttpContext context, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        AdminAccess.RequireGlobal(context.AdminCaller());
        var page = _paging.Parse(query);
        return TypedResults.Ok(await AdminPaging.ListAsync(page, p => _organizations.ListAsync(p, cancellationToken), OrganizationResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(context.AdminCaller(), id, cancellationToken).ConfigureAwait(false));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var name = OrganizationValidator.Name(await _reader.ReadAsync<OrganizationRequest>(context).ConfigureAwait(false));
        var updated = await _organizations.RenameAsync(id, name, CancellationToken.None).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        var after = OrganizationResponse.From(updated);
        await _audit.RecordAsync(caller, AuditActions.Update, Entity, id.ToString(), before, after).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        AdminAccess.RequireGlobal(caller);
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        if (!await _organizations.DeleteAsync(id, CancellationToken.None).ConfigureAwait(false))
        {
            throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        }
        await _audit.RecordAsync(caller, AuditActions.Delete, Entity, id.ToString(), before, null).ConfigureAwait(false);
        return TypedResults.Ok(DeletedResponse.Of(Entity, id.ToString()));
    }

    private async Task<OrganizationResponse> FindAsync(AdminCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var organization = await _organizations.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        AdminAccess.Require(caller, new ScopeChain(id, null, null));
        return OrganizationResponse.From(organization);
    }
}
