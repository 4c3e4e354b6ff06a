namespace Gateway.Data.Tenancy;

/// <summary>Teams within an organization; a team name is unique within its organization.</summary>
public sealed class TeamRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    internal const string Columns = "id as Id, org_id as OrgId, name as Name, created_at as CreatedAt, updated_at as UpdatedAt";

    private readonly SqlExecutor _sql = new(dataSource, options);

    public Task<TeamRecord> CreateAsync(Guid orgId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _sql.QuerySingleAsync<TeamRecord>(
            $"insert into teams (id, org_id, name) values (@Id, @OrgId, @Name) returning {Columns}",
            new { Id = Guid.CreateVersion7(), OrgId = orgId, Name = name },
            cancellationToken);
    }

    public Task<TeamRecord?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<TeamRecord>($"select {Columns} from teams where id = @id", new { id }, cancellationToken);

    /// <summary>The organization's teams by id (UUIDv7: creation order to the millisecond).</summary>
    public Task<Page<TeamRecord>> ListAsync(Guid orgId, PageRequest page, CancellationToken cancellationToken) =>
        _sql.QueryPageAsync<TeamRecord>(
            $"select {Columns} from teams where org_id = @orgId and (@after::uuid is null or id > @after) order by id limit @take",
            page, (after, take) => new { orgId, after, take }, row => row.Id, cancellationToken);

    /// <returns>The renamed team, or null when it does not exist.</returns>
    public Task<TeamRecord?> RenameAsync(Guid id, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _sql.QuerySingleOrDefaultAsync<TeamRecord>(
            $"update teams set name = @name, updated_at = now() where id = @id returning {Columns}",
            new { id, name },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync("delete from teams where id = @id", new { id }, cancellationToken);
}
