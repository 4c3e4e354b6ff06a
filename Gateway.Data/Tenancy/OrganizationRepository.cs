namespace Gateway.Data.Tenancy;

/// <summary>Organizations, the top of the tenancy tree; deleting one deletes its teams, environments, bindings and scoped entries.</summary>
public sealed class OrganizationRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    internal const string Columns = "id as Id, name as Name, created_at as CreatedAt, updated_at as UpdatedAt";

    private readonly SqlExecutor _sql = new(dataSource, options);

    public Task<OrganizationRecord> CreateAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _sql.QuerySingleAsync<OrganizationRecord>(
            $"insert into organizations (id, name) values (@Id, @Name) returning {Columns}",
            new { Id = Guid.CreateVersion7(), Name = name },
            cancellationToken);
    }

    public Task<OrganizationRecord?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<OrganizationRecord>($"select {Columns} from organizations where id = @id", new { id }, cancellationToken);

    /// <summary>Organizations by id (UUIDv7: creation order to the millisecond).</summary>
    public Task<Page<OrganizationRecord>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        _sql.QueryPageAsync<OrganizationRecord>(
            $"select {Columns} from organizations where (@after::uuid is null or id > @after) order by id limit @take",
            page, (after, take) => new { after, take }, row => row.Id, cancellationToken);

    /// <returns>The renamed organization, or null when it does not exist.</returns>
    public Task<OrganizationRecord?> RenameAsync(Guid id, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _sql.QuerySingleOrDefaultAsync<OrganizationRecord>(
            $"update organizations set name = @name, updated_at = now() where id = @id returning {Columns}",
            new { id, name },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync("delete from organizations where id = @id", new { id }, cancellationToken);
}
