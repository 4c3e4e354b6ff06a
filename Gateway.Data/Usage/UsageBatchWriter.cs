using System.Diagnostics;
using NpgsqlTypes;

namespace Gateway.Data.Usage;

/// <summary>
/// Writes batches of usage rows exactly once. Per batch, in one transaction on the writer's own connection: COPY
/// (text for the requests, binary for the rare bodies) into temporary staging tables, then <c>insert … select … on conflict do nothing</c> into <c>requests</c>
/// (keyed by response id and time), and — only for the rows that insert actually added — their metering events,
/// bodies and the hourly and daily rollups. A batch delivered twice (replayed from the spool after a commit whose
/// acknowledgement was lost) therefore changes nothing the second time. Not thread-safe: one writer loop owns it.
/// </summary>
public sealed class UsageBatchWriter : IAsyncDisposable
{
    // In the order UsageBatch encodes them.
    private const string RequestColumns =
        "id, created_at, key_id, config_key_id, org_id, team_id, environment_id, requested_model, provider_id, served_model, " +
        "provider_response_id, status, error_code, prompt_tokens, completion_tokens, cached_read_tokens, cache_write_tokens, " +
        "reasoning_tokens, cost, latency_ms, upstream_latency_ms, ttft_ms, stream, estimated, finish_reason, client_ip, user_agent, " +
        "routing_decision, attempts, kind, billing_unit, billing_quantity, cache_hit, cost_saved";

    private const string EventColumns =
        "created_at, request_id, attempt, key_id, org_id, team_id, environment_id, provider_id, model, prompt_tokens, completion_tokens, " +
        "cached_read_tokens, cache_write_tokens, reasoning_tokens, cost, estimated";

    private const string BodyColumns = "request_id, created_at, request_body, response_body, request_truncated, response_truncated";

    // Session-local, emptied at every commit: the writer's connection keeps them between batches. Created from
    // the tables' columns without their constraints, so staging never rejects a row the real insert would take.
    private const string CreateStaging = $"""
        create temp table if not exists usage_requests_staging on commit delete rows as select {RequestColumns} from requests with no data;
        create temp table if not exists usage_bodies_staging on commit delete rows as select {BodyColumns} from request_bodies with no data;
        create temp table if not exists usage_inserted on commit delete rows as select {InsertedColumns} from requests with no data;
        """;

    // What the joins and rollups need of the rows an insert added (not the JSON columns).
    private const string InsertedColumns =
        "id, created_at, key_id, config_key_id, org_id, team_id, environment_id, requested_model, provider_id, served_model, status, " +
        "prompt_tokens, completion_tokens, cached_read_tokens, cache_write_tokens, reasoning_tokens, cost, latency_ms, stream, estimated";

    private static readonly string Insert = $"""
        with inserted as (
            insert into requests ({RequestColumns})
            select {RequestColumns} from usage_requests_staging
            on conflict do nothing
            returning {InsertedColumns})
        insert into usage_inserted select * from inserted;

        -- One metering event per billed attempt, unpacked from the attempts the row already carries (no second COPY).
        insert into usage_events ({EventColumns})
        select i.created_at, i.id, coalesce((a->>'attempt')::smallint, 1), i.key_id, i.org_id, i.team_id, i.environment_id,
               coalesce(a->>'provider', ''), coalesce(a->>'model', ''),
               coalesce((a->>'prompt_tokens')::integer, 0), coalesce((a->>'completion_tokens')::integer, 0),
               coalesce((a->>'cached_read_tokens')::integer, 0), coalesce((a->>'cache_write_tokens')::integer, 0),
               coalesce((a->>'reasoning_tokens')::integer, 0), coalesce((a->>'cost')::numeric, 0), coalesce((a->>'estimated')::boolean, false)
        from usage_requests_staging s
        join usage_inserted i on i.id = s.id and i.created_at = s.created_at
        cross join lateral jsonb_array_elements(s.attempts) as a
        where (a->>'billed')::boolean;

        insert into request_bodies ({BodyColumns})
        select {Prefixed("b", BodyColumns)}
        from usage_bodies_staging b join usage_inserted i on i.id = b.request_id and i.created_at = b.created_at;
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IOptions<GatewayDataOptions> _options;
    private NpgsqlConnection? _connection;
    private UsageBatch? _rows;

    public UsageBatchWriter(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
    {
        _dataSource = dataSource;
        _options = options;
    }

    /// <summary>Writes <paramref name="rows"/> in one transaction; returns how many were new (the rest were already stored).</summary>
    /// <exception cref="NpgsqlException">The database did not take the batch; nothing of it was committed.</exception>
    public async Task<int> WriteAsync(IReadOnlyList<UsageRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // Left empty after every use.
        var batch = _rows ??= new UsageBatch();
        try
        {
            foreach (var row in rows)
            {
                batch.Add(row);
            }
            return await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            batch.Clear();
        }
    }

    /// <summary>Writes <paramref name="batch"/> in one transaction; returns how many rows were new (the rest were already stored).</summary>
    /// <exception cref="NpgsqlException">The database did not take the batch; nothing of it was committed.</exception>
    public async Task<int> WriteAsync(UsageBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return 0;
        }
        try
        {
            var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await CopyRequestsAsync(connection, batch, cancellationToken).ConfigureAwait(false);
                await CopyBodiesAsync(connection, batch, cancellationToken).ConfigureAwait(false);
                var inserted = await InsertAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return inserted;
            }
        }
        catch
        {
            // A broken or half-used connection is not reused: the next batch starts on a fresh one.
            await DropConnectionAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the monthly partitions for <paramref name="months"/> months from <paramref name="from"/>; returns how many were new.</summary>
    public async Task<int> EnsurePartitionsAsync(DateOnly from, int months, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("select ensure_month_partitions($1, $2)");
        command.CommandTimeout = TimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = months });
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async ValueTask DisposeAsync() => await DropConnectionAsync().ConfigureAwait(false);

    private int TimeoutSeconds => (int)Math.Ceiling(_options.Value.CommandTimeout.TotalSeconds);

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }
        await DropConnectionAsync().ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand(CreateStaging, connection) { CommandTimeout = TimeoutSeconds };
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _connection = connection;
        return connection;
    }

    private async Task DropConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<int> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var insert = new NpgsqlCommand(Insert, connection, transaction) { CommandTimeout = TimeoutSeconds })
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using var rollups = new NpgsqlCommand(UsageRollupSql.Upsert, connection, transaction) { CommandTimeout = TimeoutSeconds };
        await using var reader = await rollups.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (int)reader.GetInt64(0);
    }

    private static async Task CopyRequestsAsync(NpgsqlConnection connection, UsageBatch batch, CancellationToken cancellationToken)
    {
        var copy = await connection.BeginTextImportAsync(
            $"copy usage_requests_staging ({RequestColumns}) from stdin", cancellationToken).ConfigureAwait(false);
        // The rows are COPY text in UTF-8 already, so they go to the import's stream as they are, past the text writer
        // (which is not disposed: NpgsqlCopyTextWriter has no DisposeAsync of its own, and a class derived from
        // StreamWriter falls back to the synchronous Dispose, which waits for the server's answer on the calling thread,
        // with inline socket completions a socket thread: it then waits for itself, until the command timeout). The
        // stream's DisposeAsync ends the import; on failure the caller drops the connection, and its transaction with it.
        var stream = copy.BaseStream;
        await stream.WriteAsync(batch.Text, cancellationToken).ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task CopyBodiesAsync(NpgsqlConnection connection, UsageBatch batch, CancellationToken cancellationToken)
    {
        var rows = batch.RowsWithBodies;
        if (rows.Count == 0)
        {
            return;
        }
        var importer = await connection.BeginBinaryImportAsync(
            $"copy usage_bodies_staging ({BodyColumns}) from stdin (format binary)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var (_, row) in rows)
            {
                // The asynchronous forms throughout: a full buffer is sent from inside these calls, and a synchronous send on a
                // socket thread (inline socket completions) would wait for that very thread.
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, row.RequestBody, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteNullableAsync(importer, row.ResponseBody, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.RequestBodyTruncated, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.ResponseBodyTruncated, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
            }
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static string Prefixed(string alias, string columns)
    {
        var names = columns.Split(", ");
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = alias + "." + names[i];
        }
        return string.Join(", ", names);
    }
}
