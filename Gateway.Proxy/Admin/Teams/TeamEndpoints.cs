using Gateway.Data.Tenancy;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Admin.Http;

namespace Gateway.Proxy.Admin.Teams;

/// <summary>
/// Teams: created and listed under their organization (<c>/organizations/{id}/teams</c>) by its admins, read and
/// renamed at <c>/teams/{id}</c> by the team's admins too, deleted by an admin of the organization.
/// </summary>
internal sealed class TeamEndpoints
{
    private const string Entity = "team";

    private static readonly AdminResource<TeamResponse> Resource =
        new(Entity, team => team.Id.ToString(), team => $"{AdminRoutes.Prefix}/teams/{team.Id}");

    private readonly TeamRepository _teams;
    private readonly OrganizationRepository _organizations;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminWrites _writes;

    public TeamEndpoints(TeamRepository teams, OrganizationRepository organizations, AdminRequestReader reader, AdminPaging paging, AdminWrites writes)
    {
        _teams = teams;
        _organizations = organizations;
        _reader = reader;
        _paging = paging;
        _writes = writes;
    }

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var underOrganization = admin.MapGroup("/organizations/{orgId:guid}/teams").WithTags("Teams");
        underOrganization.MapPost("", CreateAsync).AcceptsJson<TeamRequest>().Returns<TeamResponse>(StatusCodes.Status201Created);
        underOrganization.MapGet("", ListAsync).Returns<AdminList<TeamResponse>>();
        var group = admin.MapGroup("/teams").WithTags("Teams");
        group.MapGet("/{id:guid}", GetAsync).Returns<TeamResponse>();
        group.MapPut("/{id:guid}", UpdateAsync).AcceptsJson<TeamRequest>().Returns<TeamResponse>();
        group.MapDelete("/{id:guid}", DeleteAsync).Returns<DeletedResponse>();
    }

    private async Task<IResult> CreateAsync(HttpContext context, Guid orgId)
    {
        var caller = context.AdminCaller();
        await RequireOrganizationAsync(caller, orgId, context.RequestAborted).ConfigureAwait(false);
        var name = TeamValidator.Name(await _reader.ReadAsync<TeamRequest>(context).ConfigureAwait(false));
        return await _writes.CreateAsync(caller, Resource, ct => _teams.CreateAsync(orgId, name, ct), TeamResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> ListAsync(HttpContext context, Guid orgId, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        await RequireOrganizationAsync(context.AdminCaller(), orgId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await _paging.ListAsync(query, p => _teams.ListAsync(orgId, p, cancellationToken), TeamResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(TeamResponse.From(await FindAsync(context.AdminCaller(), id, fromAbove: false, cancellationToken).ConfigureAwait(false)));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = TeamResponse.From(await FindAsync(caller, id, fromAbove: false, context.RequestAborted).ConfigureAwait(false));
        var name = TeamValidator.Name(await _reader.ReadAsync<TeamRequest>(context).ConfigureAwait(false));
        return await _writes.UpdateAsync(caller, Resource, before, ct => _teams.RenameAsync(id, name, ct), TeamResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = TeamResponse.From(await FindAsync(caller, id, fromAbove: true, context.RequestAborted).ConfigureAwait(false));
        return await _writes.DeleteAsync(caller, Resource, before, ct => _teams.DeleteAsync(id, ct)).ConfigureAwait(false);
    }

    private async Task RequireOrganizationAsync(AdminCaller caller, Guid orgId, CancellationToken cancellationToken)
    {
        if (await _organizations.GetAsync(orgId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw AdminAccess.Unseen(caller, "organization", orgId.ToString());
        }
        AdminAccess.Require(caller, new ScopeChain(orgId, null, null), "organization", orgId.ToString());
    }

    private async Task<TeamRecord> FindAsync(AdminCaller caller, Guid id, bool fromAbove, CancellationToken cancellationToken)
    {
        var team = await _teams.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        AdminAccess.Require(caller, new ScopeChain(team.OrgId, team.Id, null), Entity, id.ToString(), fromAbove);
        return team;
    }
}
