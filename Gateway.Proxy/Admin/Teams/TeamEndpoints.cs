using Gateway.Data.Tenancy;
using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.Teams;

/// <summary>
/// Teams: created and listed under their organization (<c>/organizations/{id}/teams</c>) by its admins, read and
/// renamed at <c>/teams/{id}</c> by the team's admins too, deleted by an admin of the organization.
/// </summary>
internal sealed class TeamEndpoints(
    TeamRepository teams, OrganizationRepository organizations, AdminRequestReader reader, AdminPaging paging, AdminWrites writes) : IAdminEndpoints
{
    private const string Entity = "team";

    private static readonly AdminResource<TeamResponse> Resource = new(Entity, "teams", team => team.Id.ToString());

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var underOrganization = admin.MapGroup("/organizations/{orgId:guid}/teams").WithTags("Teams");
        underOrganization.MapPost("", CreateAsync).AcceptsJson<TeamRequest>().Returns<TeamResponse>(StatusCodes.Status201Created);
        underOrganization.MapGet("", ListAsync).Returns<AdminList<TeamResponse>>();
        var group = admin.MapGroup("/teams").WithTags("Teams");
        var routes = new AdminCrudRoutes<Guid, TeamResponse>(Resource, "/{id:guid}", FindAsync, writes);
        routes.MapGet(group);
        routes.MapReplace(group, (context, _) => ReadNameAsync(context), teams.RenameAsync, TeamResponse.From).AcceptsJson<TeamRequest>();
        routes.MapDelete(group, teams.DeleteAsync);
    }

    private async Task<IResult> CreateAsync(HttpContext context, Guid orgId)
    {
        var caller = context.AdminCaller();
        await RequireOrganizationAsync(caller, orgId, context.RequestAborted).ConfigureAwait(false);
        var name = await ReadNameAsync(context).ConfigureAwait(false);
        return await writes.CreateAsync(caller, Resource, ct => teams.CreateAsync(orgId, name, ct), TeamResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> ListAsync(HttpContext context, Guid orgId, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        await RequireOrganizationAsync(context.AdminCaller(), orgId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await paging.ListAsync(query, p => teams.ListAsync(orgId, p, cancellationToken), TeamResponse.From).ConfigureAwait(false));
    }

    private async Task<string> ReadNameAsync(HttpContext context) =>
        Fields.Name((await reader.ReadAsync<TeamRequest>(context).ConfigureAwait(false)).Name, "name");

    private async Task RequireOrganizationAsync(AdminCaller caller, Guid orgId, CancellationToken cancellationToken)
    {
        if (await organizations.GetAsync(orgId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw AdminAccess.Unseen(caller, "organization", orgId.ToString());
        }
        AdminAccess.Require(caller, new ScopeChain(orgId, null, null), "organization", orgId.ToString());
    }

    /// <summary>Read and renamed by its admins, deleted by an admin of its organization.</summary>
    private async Task<TeamResponse> FindAsync(AdminCaller caller, Guid id, AdminItemUse use, CancellationToken cancellationToken)
    {
        var team = await teams.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        AdminAccess.Require(caller, new ScopeChain(team.OrgId, team.Id, null), Entity, id.ToString(), fromAbove: use == AdminItemUse.Delete);
        return TeamResponse.From(team);
    }
}
