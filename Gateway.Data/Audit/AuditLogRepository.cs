namespace Gateway.Data.Audit;

/// <summary>
/// The append-only audit log of admin writes (and refused attempts); read newest first. An entry appended inside a
/// <see cref="DatabaseTransactions"/> run is part of its transaction: stored with the change it records, or not at all.
/// </summary>
public sealed class AuditLogRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    private const string Columns =
        "id as Id, at as At, actor as Actor, action as Action, entity as Entity, entity_id as EntityId, before as Before, after as After, " +
        "host(client_ip) as ClientIp";

    private readonly SqlExecutor _sql = new(dataSource, options);

    public Task<AuditEntryRecord> AppendAsync(AuditEntrySpec entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _sql.QuerySingleAsync<AuditEntryRecord>(
            $"""
            insert into audit_log (actor, action, entity, entity_id, before, after, client_ip)
            values (@Actor, @Action, @Entity, @EntityId, @Before::jsonb, @After::jsonb, @ClientIp::inet)
            returning {Columns}
            """,
            new
            {
                entry.Actor,
                entry.Action,
                entry.Entity,
                entry.EntityId,
                Before = DataJson.TextOrNull(entry.Before),
                After = DataJson.TextOrNull(entry.After),
                entry.ClientIp,
            },
            cancellationToken);
    }

    /// <summary>Entries newest first, optionally of one entity type and id.</summary>
    public Task<Page<AuditEntryRecord>> ListAsync(string? entity, string? entityId, PageRequest page, CancellationToken cancellationToken) =>
        ListAsync(entity, entityId, null, null, page, cancellationToken);

    /// <summary>
    /// Entries newest first, optionally of one entity type and id, written at or after <paramref name="from"/>
    /// and before <paramref name="to"/>.
    /// </summary>
    public Task<Page<AuditEntryRecord>> ListAsync(
        string? entity, string? entityId, DateTimeOffset? from, DateTimeOffset? to, PageRequest page, CancellationToken cancellationToken) =>
        _sql.QueryPageAsync<AuditEntryRecord>(
            $"""
            select {Columns} from audit_log
            where (@entity::text is null or entity = @entity) and (@entityId::text is null or entity_id = @entityId)
              and (@from::timestamptz is null or at >= @from) and (@to::timestamptz is null or at < @to)
              and (@before::bigint is null or id < @before)
            order by id desc limit @take
            """,
            page,
            (before, take) => new { entity, entityId, from = from?.ToUniversalTime(), to = to?.ToUniversalTime(), before, take },
            row => row.Id,
            cancellationToken);
}
