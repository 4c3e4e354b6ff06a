using Gateway.Data.Records;
using Gateway.Data.Repositories;
using Gateway.Proxy.Admin.Audit;
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

    private readonly TeamRepository _teams;
    private readonly OrganizationRepository _organizations;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminAuditor _audit;

    public TeamEndpoints(TeamRepository teams, OrganizationRepository organizations, AdminRequestReader reader, AdminPaging paging, AdminAuditor audit)
    {
        _teams = teams;
        _organizations = organizations;
        _reader = reader;
        _paging = paging;
        _audit = audit;
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
        // Writes ignore the client's cancellation: a write that lands must be followed by its audit entry.
        var created = TeamResponse.From(await _teams.CreateAsync(orgId, name, CancellationToken.None).ConfigureAwait(false));
        await _audit.RecordAsync(caller, AuditActions.Create, Entity, created.Id.ToString(), null, created).ConfigureAwait(false);
        return TypedResults.Created($"{AdminRoutes.Prefix}/teams/{created.Id}", created);
    }

    private async Task<IResult> ListAsync(HttpContext context, Guid orgId, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        await RequireOrganizationAsync(context.AdminCaller(), orgId, cancellationToken).ConfigureAwait(false);
        var page = _paging.Parse(query);
        return TypedResults.Ok(await AdminPaging.ListAsync(page, p => _teams.ListAsync(orgId, p, cancellationToken), TeamResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(TeamResponse.From(await FindAsync(context.AdminCaller(), id, fromAbove: false, cancellationToken).ConfigureAwait(false)));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = TeamResponse.From(await FindAsync(caller, id, fromAbove: false, context.RequestAborted).ConfigureAwait(false));
        var name = TeamValidator.Name(await _reader.ReadAsync<TeamRequest>(context).ConfigureAwait(false));
        var after = TeamResponse.From(await _teams.RenameAsync(id, name, CancellationToken.None).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString())));
        await _audit.RecordAsync(caller, AuditActions.Update, Entity, id.ToString(), before, after).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = TeamResponse.From(await FindAsync(caller, id, fromAbove: true, context.RequestAborted).ConfigureAwait(false));
        if (!await _teams.DeleteAsync(id, CancellationToken.None).ConfigureAwait(false))
        {
            throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        }
        await _audit.RecordAsync(caller, AuditActions.Delete, Entity, id.ToString(), before, null).ConfigureAwait(false);
        return TypedResults.Ok(DeletedResponse.Of(Entity, id.ToString()));
    }

    private async Task RequireOrganizationAsync(AdminCaller caller, Guid orgId, CancellationToken cancellationToken)
    {
        if (await _organizations.GetAsync(orgId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new AdminProblemException(AdminErrors.NotFound("organization", orgId.ToString()));
        }
        AdminAccess.Require(caller, new ScopeChain(orgId, null, null));
    }

    private async Task<TeamRecord> FindAsync(AdminCaller caller, Guid id, bool fromAbove, CancellationToken cancellationToken)
    {
        var team = await _teams.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        AdminAccess.Require(caller, new ScopeChain(team.OrgId, team.Id, null), fromAbove);
        return team;
    }
}
