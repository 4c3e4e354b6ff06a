using Gateway.Data.Records;
using Gateway.Data.Repositories;
using Gateway.Proxy.Admin.Audit;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Admin.Http;

namespace Gateway.Proxy.Admin.Environments;

/// <summary>
/// Environments: created and listed under their team (<c>/teams/{id}/environments</c>) by its admins, read and
/// replaced at <c>/environments/{id}</c> by the environment's admins too, deleted by an admin of the team.
/// </summary>
internal sealed class EnvironmentEndpoints
{
    private const string Entity = "environment";

    private readonly EnvironmentRepository _environments;
    private readonly TeamRepository _teams;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminAuditor _audit;

    public EnvironmentEndpoints(EnvironmentRepository environments, TeamRepository teams, AdminRequestReader reader, AdminPaging paging, AdminAuditor audit)
    {
        _environments = environments;
        _teams = teams;
        _reader = reader;
        _paging = paging;
        _audit = audit;
    }

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var underTeam = admin.MapGroup("/teams/{teamId:guid}/environments").WithTags("Environments");
        underTeam.MapPost("", CreateAsync).AcceptsJson<EnvironmentRequest>().Returns<EnvironmentResponse>(StatusCodes.Status201Created);
        underTeam.MapGet("", ListAsync).Returns<AdminList<EnvironmentResponse>>();
        var group = admin.MapGroup("/environments").WithTags("Environments");
        group.MapGet("/{id:guid}", GetAsync).Returns<EnvironmentResponse>();
        group.MapPut("/{id:guid}", UpdateAsync).AcceptsJson<EnvironmentRequest>().Returns<EnvironmentResponse>();
        group.MapDelete("/{id:guid}", DeleteAsync).Returns<DeletedResponse>();
    }

    private async Task<IResult> CreateAsync(HttpContext context, Guid teamId)
    {
        var caller = context.AdminCaller();
        await RequireTeamAsync(caller, teamId, context.RequestAborted).ConfigureAwait(false);
        var (name, storeBodies) = EnvironmentValidator.Validate(await _reader.ReadAsync<EnvironmentRequest>(context).ConfigureAwait(false));
        // Writes ignore the client's cancellation: a write that lands must be followed by its audit entry.
        var created = EnvironmentResponse.From(await _environments.CreateAsync(teamId, name, storeBodies, CancellationToken.None).ConfigureAwait(false));
        await _audit.RecordAsync(caller, AuditActions.Create, Entity, created.Id.ToString(), null, created).ConfigureAwait(false);
        return TypedResults.Created($"{AdminRoutes.Prefix}/environments/{created.Id}", created);
    }

    private async Task<IResult> ListAsync(HttpContext context, Guid teamId, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(context.AdminCaller(), teamId, cancellationToken).ConfigureAwait(false);
        var page = _paging.Parse(query);
        return TypedResults.Ok(await AdminPaging.ListAsync(page, p => _environments.ListAsync(teamId, p, cancellationToken), EnvironmentResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(EnvironmentResponse.From(await FindAsync(context.AdminCaller(), id, fromAbove: false, cancellationToken).ConfigureAwait(false)));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = EnvironmentResponse.From(await FindAsync(caller, id, fromAbove: false, context.RequestAborted).ConfigureAwait(false));
        var (name, storeBodies) = EnvironmentValidator.Validate(await _reader.ReadAsync<EnvironmentRequest>(context).ConfigureAwait(false));
        var after = EnvironmentResponse.From(await _environments.UpdateAsync(id, name, storeBodies, CancellationToken.None).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString())));
        await _audit.RecordAsync(caller, AuditActions.Update, Entity, id.ToString(), before, after).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = EnvironmentResponse.From(await FindAsync(caller, id, fromAbove: true, context.RequestAborted).ConfigureAwait(false));
        if (!await _environments.DeleteAsync(id, CancellationToken.None).ConfigureAwait(false))
        {
            throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        }
        await _audit.RecordAsync(caller, AuditActions.Delete, Entity, id.ToString(), before, null).ConfigureAwait(false);
        return TypedResults.Ok(DeletedResponse.Of(Entity, id.ToString()));
    }

    private async Task RequireTeamAsync(AdminCaller caller, Guid teamId, CancellationToken cancellationToken)
    {
        var team = await _teams.GetAsync(teamId, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound("team", teamId.ToString()));
        AdminAccess.Require(caller, new ScopeChain(team.OrgId, team.Id, null));
    }

    private async Task<EnvironmentRecord> FindAsync(AdminCaller caller, Guid id, bool fromAbove, CancellationToken cancellationToken)
    {
        var environment = await _environments.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        AdminAccess.Require(caller, new ScopeChain(environment.OrgId, environment.TeamId, environment.Id), fromAbove);
        return environment;
    }
}
