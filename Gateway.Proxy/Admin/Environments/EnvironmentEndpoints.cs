using Gateway.Data.Tenancy;
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

    private static readonly AdminResource<EnvironmentResponse> Resource =
        new(Entity, environment => environment.Id.ToString(), environment => $"{AdminRoutes.Prefix}/environments/{environment.Id}");

    private readonly EnvironmentRepository _environments;
    private readonly TeamRepository _teams;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminWrites _writes;

    public EnvironmentEndpoints(EnvironmentRepository environments, TeamRepository teams, AdminRequestReader reader, AdminPaging paging, AdminWrites writes)
    {
        _environments = environments;
        _teams = teams;
        _reader = reader;
        _paging = paging;
        _writes = writes;
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
        return await _writes.CreateAsync(caller, Resource, ct => _environments.CreateAsync(teamId, name, storeBodies, ct), EnvironmentResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> ListAsync(HttpContext context, Guid teamId, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(context.AdminCaller(), teamId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await _paging.ListAsync(query, p => _environments.ListAsync(teamId, p, cancellationToken), EnvironmentResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(EnvironmentResponse.From(await FindAsync(context.AdminCaller(), id, fromAbove: false, cancellationToken).ConfigureAwait(false)));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = EnvironmentResponse.From(await FindAsync(caller, id, fromAbove: false, context.RequestAborted).ConfigureAwait(false));
        var (name, storeBodies) = EnvironmentValidator.Validate(await _reader.ReadAsync<EnvironmentRequest>(context).ConfigureAwait(false));
        return await _writes.UpdateAsync(caller, Resource, before, ct => _environments.UpdateAsync(id, name, storeBodies, ct), EnvironmentResponse.From)
            .ConfigureAwait(false);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = EnvironmentResponse.From(await FindAsync(caller, id, fromAbove: true, context.RequestAborted).ConfigureAwait(false));
        return await _writes.DeleteAsync(caller, Resource, before, ct => _environments.DeleteAsync(id, ct)).ConfigureAwait(false);
    }

    private async Task RequireTeamAsync(AdminCaller caller, Guid teamId, CancellationToken cancellationToken)
    {
        var team = await _teams.GetAsync(teamId, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, "team", teamId.ToString());
        AdminAccess.Require(caller, new ScopeChain(team.OrgId, team.Id, null), "team", teamId.ToString());
    }

    private async Task<EnvironmentRecord> FindAsync(AdminCaller caller, Guid id, bool fromAbove, CancellationToken cancellationToken)
    {
        var environment = await _environments.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        AdminAccess.Require(caller, new ScopeChain(environment.OrgId, environment.TeamId, environment.Id), Entity, id.ToString(), fromAbove);
        return environment;
    }
}
