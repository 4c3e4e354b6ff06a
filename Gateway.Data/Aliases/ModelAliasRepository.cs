namespace Gateway.Data.Aliases;

/// <summary>
/// Model aliases per scope. Resolution (environment, then team, organization, global) is the policy
/// layer's job on the loaded catalog; this stores and finds them.
/// </summary>
public sealed class ModelAliasRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    internal const string Columns =
        $"id as Id, {ScopeSql.Select} as Scope, name as Name, strategy as Strategy, targets as Targets, " +
        "created_at as CreatedAt, updated_at as UpdatedAt, cache_ttl_seconds as CacheTtlSeconds, cache_non_deterministic as CacheNonDeterministic";

    private readonly SqlExecutor _sql = new(dataSource, options);

    public Task<ModelAliasRecord> CreateAsync(ModelAliasSpec spec, CancellationToken cancellationToken) =>
        _sql.QuerySingleAsync<ModelAliasRecord>(
            $"""
            insert into model_aliases (id, name, org_id, team_id, environment_id, strategy, targets, cache_ttl_seconds, cache_non_deterministic)
            values (@Id, @Name, @OrgId, @TeamId, @EnvironmentId, @Strategy, @Targets::jsonb, @CacheTtlSeconds, @CacheNonDeterministic)
            returning {Columns}
            """,
            Parameters(Guid.CreateVersion7(), spec),
            cancellationToken);

    public Task<ModelAliasRecord?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<ModelAliasRecord>($"select {Columns} from model_aliases where id = @id", new { id }, cancellationToken);

    /// <summary>The alias of that name defined exactly at <paramref name="scope"/> (no fallback to wider scopes).</summary>
    public Task<ModelAliasRecord?> FindAsync(Scope scope, string name, CancellationToken cancellationToken)
    {
        return _sql.QuerySingleOrDefaultAsync<ModelAliasRecord>(
            $"select {Columns} from model_aliases where name = @name and {ScopeSql.Matches}",
            new { name, OrgId = scope.OrganizationId, scope.TeamId, scope.EnvironmentId },
            cancellationToken);
    }

    /// <summary>Every alias, at any scope, with a target at the provider <paramref name="providerId"/>.</summary>
    public Task<IReadOnlyList<ModelAliasRecord>> FindByProviderAsync(string providerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(providerId);
        return _sql.QueryAsync<ModelAliasRecord>(
            $"select {Columns} from model_aliases where targets @> jsonb_build_array(jsonb_build_object('provider', @providerId::text)) order by id",
            new { providerId },
            cancellationToken);
    }

    /// <summary>Aliases by id (UUIDv7: creation order to the millisecond), only those at <paramref name="scope"/> when it is given.</summary>
    public Task<Page<ModelAliasRecord>> ListAsync(Scope? scope, PageRequest page, CancellationToken cancellationToken) =>
        ScopeSql.PageAsync<ModelAliasRecord>(_sql, Columns, "model_aliases", scope, page, row => row.Id, cancellationToken);

    /// <returns>The updated alias, or null when it does not exist.</returns>
    public Task<ModelAliasRecord?> UpdateAsync(Guid id, ModelAliasSpec spec, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<ModelAliasRecord>(
            $"""
            update model_aliases set name = @Name, org_id = @OrgId, team_id = @TeamId, environment_id = @EnvironmentId,
                strategy = @Strategy, targets = @Targets::jsonb, cache_ttl_seconds = @CacheTtlSeconds,
                cache_non_deterministic = @CacheNonDeterministic, updated_at = now()
            where id = @Id
            returning {Columns}
            """,
            Parameters(id, spec),
            cancellationToken);

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync("delete from model_aliases where id = @id", new { id }, cancellationToken);

    private static object Parameters(Guid id, ModelAliasSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(spec.Targets);
        return new
        {
            Id = id,
            spec.Name,
            OrgId = spec.Scope.OrganizationId,
            spec.Scope.TeamId,
            spec.Scope.EnvironmentId,
            Strategy = DbText.Of(spec.Strategy),
            Targets = DataJson.WriteTargets(spec.Targets),
            spec.CacheTtlSeconds,
            spec.CacheNonDeterministic,
        };
    }
}
