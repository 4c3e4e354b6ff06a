using Gateway.Policies.Quotas;

namespace Gateway.Data.Quotas;

/// <summary>Quotas: one limit per subject, metric and window. Deleting the subject deletes its quotas.</summary>
public sealed class QuotaRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    internal const string Columns =
        "id as Id, subject_kind as SubjectKind, subject_id as SubjectId, metric as Metric, window_unit as Window, " +
        "limit_value as Limit, created_at as CreatedAt, updated_at as UpdatedAt";

    private readonly SqlExecutor _sql = new(dataSource, options);

    /// <summary>Creates the quota, or changes the limit of the subject's quota with the same metric and window.</summary>
    public Task<QuotaRecord> UpsertAsync(QuotaSpec spec, CancellationToken cancellationToken) =>
        InsertAsync(
            spec,
            "on conflict (subject_kind, subject_id, metric, window_unit) do update set limit_value = excluded.limit_value, updated_at = now()",
            cancellationToken);

    /// <summary>Creates the quota; the subject's existing quota with the same metric and window is a unique violation.</summary>
    public Task<QuotaRecord> CreateAsync(QuotaSpec spec, CancellationToken cancellationToken) =>
        InsertAsync(spec, onConflict: "", cancellationToken);

    /// <returns>The quota with its new limit, or null when it does not exist.</returns>
    public Task<QuotaRecord?> SetLimitAsync(Guid id, decimal limit, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<QuotaRecord>(
            $"update quotas set limit_value = @limit, updated_at = now() where id = @id returning {Columns}",
            new { id, limit },
            cancellationToken);

    public Task<QuotaRecord?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<QuotaRecord>($"select {Columns} from quotas where id = @id", new { id }, cancellationToken);

    public Task<IReadOnlyList<QuotaRecord>> ListForSubjectAsync(QuotaSubjectKind kind, Guid subjectId, CancellationToken cancellationToken) =>
        _sql.QueryAsync<QuotaRecord>(
            $"select {Columns} from quotas where subject_kind = @kind and subject_id = @subjectId order by metric, window_unit",
            new { kind = DbText.Of(kind), subjectId },
            cancellationToken);

    /// <summary>All quotas by id (UUIDv7: creation order to the millisecond).</summary>
    public Task<Page<QuotaRecord>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        ListAsync(null, null, page, cancellationToken);

    /// <summary>Quotas by id, only those of subjects of <paramref name="kind"/> and of the subject <paramref name="subjectId"/> when given.</summary>
    public Task<Page<QuotaRecord>> ListAsync(QuotaSubjectKind? kind, Guid? subjectId, PageRequest page, CancellationToken cancellationToken) =>
        _sql.QueryPageAsync<QuotaRecord>(
            $"""
            select {Columns} from quotas
            where (@kind::text is null or subject_kind = @kind) and (@subjectId::uuid is null or subject_id = @subjectId)
              and (@after::uuid is null or id > @after)
            order by id limit @take
            """,
            page, (after, take) => new { kind = kind is { } value ? DbText.Of(value) : null, subjectId, after, take }, row => row.Id, cancellationToken);

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync("delete from quotas where id = @id", new { id }, cancellationToken);

    private Task<QuotaRecord> InsertAsync(QuotaSpec spec, string onConflict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return _sql.QuerySingleAsync<QuotaRecord>(
            $"""
            insert into quotas (id, subject_kind, subject_id, metric, window_unit, limit_value)
            values (@Id, @SubjectKind, @SubjectId, @Metric, @Window, @Limit)
            {onConflict}
            returning {Columns}
            """,
            NewRowParameters(spec),
            cancellationToken);
    }

    private static object NewRowParameters(QuotaSpec spec) => new
    {
        Id = Guid.CreateVersion7(),
        SubjectKind = DbText.Of(spec.SubjectKind),
        spec.SubjectId,
        Metric = DbText.Of(spec.Metric),
        Window = DbText.Of(spec.Window),
        spec.Limit,
    };
}
