using Gateway.Data.Tenancy;

namespace Gateway.Proxy.Admin.Environments;

/// <summary>
/// Environments: created and listed under their team (<c>/teams/{id}/environments</c>) by its admins, read and
/// replaced at <c>/environments/{id}</c> by the environment's admins too, deleted by an admin of the team.
/// </summary>
internal sealed class EnvironmentEndpoints(
    EnvironmentRepository environments, TeamRepository teams, AdminRequestReader reader, AdminPaging paging, AdminWrites writes) : IAdminEndpoints
{
    private const string Entity = "environment";

    private static readonly AdminResource<EnvironmentResponse> Resource =
        new(Entity, "environments", environment => environment.Id.ToString());

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var underTeam = admin.MapGroup("/teams/{teamId:guid}/environments").WithTags("Environments");
        underTeam.MapPost("", CreateAsync).AcceptsJson<EnvironmentRequest>().Returns<EnvironmentResponse>(StatusCodes.Status201Created);
        underTeam.MapGet("", ListAsync).Returns<AdminList<EnvironmentResponse>>();
        var group = admin.MapGroup("/environments").WithTags("Environments");
        var routes = new AdminCrudRoutes<Guid, EnvironmentResponse>(Resource, "/{id:guid}", FindAsync, writes);
        routes.MapGet(group);
        routes.MapReplace(group, (context, _) => ReadAsync(context), UpdateAsync, EnvironmentResponse.From).AcceptsJson<EnvironmentRequest>();
        routes.MapDelete(group, environments.DeleteAsync);
    }

    private async Task<IResult> CreateAsync(HttpContext context, Guid teamId)
    {
        var caller = context.AdminCaller();
        await RequireTeamAsync(caller, teamId, context.RequestAborted).ConfigureAwait(false);
        var (name, storeBodies) = await ReadAsync(context).ConfigureAwait(false);
        return await writes.CreateAsync(caller, Resource, ct => environments.CreateAsync(teamId, name, storeBodies, ct), EnvironmentResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> ListAsync(HttpContext context, Guid teamId, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(context.AdminCaller(), teamId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await paging.ListAsync(query, p => environments.ListAsync(teamId, p, cancellationToken), EnvironmentResponse.From).ConfigureAwait(false));
    }

    private Task<EnvironmentRecord?> UpdateAsync(Guid id, (string Name, bool StoreBodies) fields, CancellationToken cancellationToken) =>
        environments.UpdateAsync(id, fields.Name, fields.StoreBodies, cancellationToken);

    private async Task<(string Name, bool StoreBodies)> ReadAsync(HttpContext context) =>
        EnvironmentValidator.Validate(await reader.ReadAsync<EnvironmentRequest>(context).ConfigureAwait(false));

    private async Task RequireTeamAsync(AdminCaller caller, Guid teamId, CancellationToken cancellationToken)
    {
        var team = await teams.GetAsync(teamId, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, "team", teamId.ToString());
        AdminAccess.Require(caller, new ScopeChain(team.OrgId, team.Id, null), "team", teamId.ToString());
    }

    /// <summary>Read and changed by its admins, deleted by an admin of its team.</summary>
    private async Task<EnvironmentResponse> FindAsync(AdminCaller caller, Guid id, AdminItemUse use, CancellationToken cancellationToken)
    {
        var environment = await environments.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        AdminAccess.Require(caller, new ScopeChain(environment.OrgId, environment.TeamId, environment.Id), Entity, id.ToString(), fromAbove: use == AdminItemUse.Delete);
        return EnvironmentResponse.From(environment);
    }
}
