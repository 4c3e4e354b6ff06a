namespace Gateway.Data.Tenancy;

/// <summary>Environments within a team (production, staging...), each with its body-storage opt-in.</summary>
public sealed class EnvironmentRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    private const string Columns =
        "e.id as Id, e.team_id as TeamId, t.org_id as OrgId, e.name as Name, e.store_bodies as StoreBodies, " +
        "e.created_at as CreatedAt, e.updated_at as UpdatedAt";

    private readonly SqlExecutor _sql = new(dataSource, options);

    public Task<EnvironmentRecord> CreateAsync(Guid teamId, string name, bool storeBodies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _sql.QuerySingleAsync<EnvironmentRecord>(
            $"""
            with e as (
                insert into environments (id, team_id, name, store_bodies) values (@Id, @TeamId, @Name, @StoreBodies) returning *)
            select {Columns} from e join teams t on t.id = e.team_id
            """,
            new { Id = Guid.CreateVersion7(), TeamId = teamId, Name = name, StoreBodies = storeBodies },
            cancellationToken);
    }

    public Task<EnvironmentRecord?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<EnvironmentRecord>(
            $"select {Columns} from environments e join teams t on t.id = e.team_id where e.id = @id", new { id }, cancellationToken);

    /// <summary>The team's environments by id (UUIDv7: creation order to the millisecond).</summary>
    public Task<Page<EnvironmentRecord>> ListAsync(Guid teamId, PageRequest page, CancellationToken cancellationToken) =>
        _sql.QueryPageAsync<EnvironmentRecord>(
            $"""
            select {Columns} from environments e join teams t on t.id = e.team_id
            where e.team_id = @teamId and (@after::uuid is null or e.id > @after) order by e.id limit @take
            """,
            page, (after, take) => new { teamId, after, take }, row => row.Id, cancellationToken);

    /// <returns>The updated environment, or null when it does not exist.</returns>
    public Task<EnvironmentRecord?> UpdateAsync(Guid id, string name, bool storeBodies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _sql.QuerySingleOrDefaultAsync<EnvironmentRecord>(
            $"""
            with e as (
                update environments set name = @name, store_bodies = @storeBodies, updated_at = now() where id = @id returning *)
            select {Columns} from e join teams t on t.id = e.team_id
            """,
            new { id, name, storeBodies },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync("delete from environments where id = @id", new { id }, cancellationToken);
}
