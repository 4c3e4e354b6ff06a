using Gateway.Data.Tenancy;
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

    private static readonly AdminResource<OrganizationResponse> Resource =
        new(Entity, organization => organization.Id.ToString(), organization => $"{AdminRoutes.Prefix}/organizations/{organization.Id}");

    private readonly OrganizationRepository _organizations;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminWrites _writes;

    public OrganizationEndpoints(OrganizationRepository organizations, AdminRequestReader reader, AdminPaging paging, AdminWrites writes)
    {
        _organizations = organizations;
        _reader = reader;
        _paging = paging;
        _writes = writes;
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
        return await _writes.CreateAsync(caller, Resource, ct => _organizations.CreateAsync(name, ct), OrganizationResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> ListAsync(HttpContext context, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        AdminAccess.RequireGlobal(context.AdminCaller());
        return TypedResults.Ok(await _paging.ListAsync(query, p => _organizations.ListAsync(p, cancellationToken), OrganizationResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(context.AdminCaller(), id, cancellationToken).ConfigureAwait(false));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var name = OrganizationValidator.Name(await _reader.ReadAsync<OrganizationRequest>(context).ConfigureAwait(false));
        return await _writes.UpdateAsync(caller, Resource, before, ct => _organizations.RenameAsync(id, name, ct), OrganizationResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        AdminAccess.RequireGlobal(caller);
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        return await _writes.DeleteAsync(caller, Resource, before, ct => _organizations.DeleteAsync(id, ct)).ConfigureAwait(false);
    }

    private async Task<OrganizationResponse> FindAsync(AdminCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var organization = await _organizations.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        AdminAccess.Require(caller, new ScopeChain(id, null, null), Entity, id.ToString());
        return OrganizationResponse.From(organization);
    }
}
