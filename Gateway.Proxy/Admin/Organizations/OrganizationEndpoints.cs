using Gateway.Data.Tenancy;
using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.Organizations;

/// <summary>
/// <c>/admin/v1/organizations</c>: created, listed and deleted by a global admin; read and renamed by its admins too.
/// Deleting one deletes its teams, environments, key bindings, scoped providers, aliases, policies and quotas.
/// </summary>
internal sealed class OrganizationEndpoints(OrganizationRepository organizations, AdminRequestReader reader, AdminPaging paging, AdminWrites writes) : IAdminEndpoints
{
    private const string Entity = "organization";

    private static readonly AdminResource<OrganizationResponse> Resource =
        new(Entity, "organizations", organization => organization.Id.ToString());

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/organizations").WithTags("Organizations");
        var routes = new AdminCrudRoutes<Guid, OrganizationResponse>(Resource, "/{id:guid}", FindAsync, writes);
        routes.MapCreate(group, ReadNewAsync, organizations.CreateAsync, OrganizationResponse.From).AcceptsJson<OrganizationRequest>();
        group.MapGet("", ListAsync).Returns<AdminList<OrganizationResponse>>();
        routes.MapGet(group);
        routes.MapReplace(group, (context, _) => ReadNameAsync(context), organizations.RenameAsync, OrganizationResponse.From).AcceptsJson<OrganizationRequest>();
        routes.MapDelete(group, organizations.DeleteAsync);
    }

    private async Task<IResult> ListAsync(HttpContext context, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        AdminAccess.RequireGlobal(context.AdminCaller());
        return TypedResults.Ok(await paging.ListAsync(query, p => organizations.ListAsync(p, cancellationToken), OrganizationResponse.From).ConfigureAwait(false));
    }

    private Task<string> ReadNewAsync(HttpContext context, AdminCaller caller)
    {
        AdminAccess.RequireGlobal(caller);
        return ReadNameAsync(context);
    }

    private async Task<string> ReadNameAsync(HttpContext context) =>
        Fields.Name((await reader.ReadAsync<OrganizationRequest>(context).ConfigureAwait(false)).Name, "name");

    /// <summary>Read and renamed by its admins, deleted by a global admin.</summary>
    private async Task<OrganizationResponse> FindAsync(AdminCaller caller, Guid id, AdminItemUse use, CancellationToken cancellationToken)
    {
        if (use == AdminItemUse.Delete)
        {
            AdminAccess.RequireGlobal(caller);
        }
        var organization = await organizations.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        AdminAccess.Require(caller, new ScopeChain(id, null, null), Entity, id.ToString());
        return OrganizationResponse.From(organization);
    }
}
