namespace Gateway.Data.RoutingPolicies;

/// <summary>Routing policies per scope; the catalog loader reads the active ones, highest priority first.</summary>
public sealed class RoutingPolicyRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    internal const string Columns =
        $"id as Id, {ScopeSql.Select} as Scope, name as Name, priority as Priority, type as Type, rules as Rules, " +
        "active as Active, created_at as CreatedAt, updated_at as UpdatedAt";

    private readonly SqlExecutor _sql = new(dataSource, options);

    public Task<RoutingPolicyRecord> CreateAsync(RoutingPolicySpec spec, CancellationToken cancellationToken) =>
        _sql.QuerySingleAsync<RoutingPolicyRecord>(
            $"""
            insert into routing_policies (id, name, org_id, team_id, environment_id, priority, type, rules, active)
            values (@Id, @Name, @OrgId, @TeamId, @EnvironmentId, @Priority, @Type, @Rules::jsonb, @Active)
            returning {Columns}
            """,
            Parameters(Guid.CreateVersion7(), spec),
            cancellationToken);

    public Task<RoutingPolicyRecord?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<RoutingPolicyRecord>($"select {Columns} from routing_policies where id = @id", new { id }, cancellationToken);

    /// <summary>Policies by id (UUIDv7: creation order to the millisecond), only those at <paramref name="scope"/> when it is given.</summary>
    public Task<Page<RoutingPolicyRecord>> ListAsync(Scope? scope, PageRequest page, CancellationToken cancellationToken) =>
        ScopeSql.PageAsync<RoutingPolicyRecord>(_sql, Columns, "routing_policies", scope, page, row => row.Id, cancellationToken);

    /// <returns>The updated policy, or null when it does not exist.</returns>
    public Task<RoutingPolicyRecord?> UpdateAsync(Guid id, RoutingPolicySpec spec, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<RoutingPolicyRecord>(
            $"""
            update routing_policies set name = @Name, org_id = @OrgId, team_id = @TeamId, environment_id = @EnvironmentId,
                priority = @Priority, type = @Type, rules = @Rules::jsonb, active = @Active, updated_at = now()
            where id = @Id
            returning {Columns}
            """,
            Parameters(id, spec),
            cancellationToken);

    /// <returns>False when the policy does not exist.</returns>
    public Task<bool> SetActiveAsync(Guid id, bool active, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync(
            "update routing_policies set active = @active, updated_at = now() where id = @id",
            new { id, active },
            cancellationToken);

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync("delete from routing_policies where id = @id", new { id }, cancellationToken);

    private static object Parameters(Guid id, RoutingPolicySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new
        {
            Id = id,
            spec.Name,
            OrgId = spec.Scope.OrganizationId,
            spec.Scope.TeamId,
            spec.Scope.EnvironmentId,
            spec.Priority,
            Type = DbText.Of(spec.Type),
            Rules = DataJson.ObjectOrEmpty(spec.Rules, nameof(spec.Rules)),
            spec.Active,
        };
    }
}
