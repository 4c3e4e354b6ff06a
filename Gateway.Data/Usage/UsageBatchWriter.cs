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

    private const int FlushChars = 32 * 1024;

    private readonly NpgsqlDataSource _dataSource;
    private readonly CopyTextRowEncoder _encoder = new();
    private readonly IOptions<GatewayDataOptions> _options;
    private NpgsqlConnection? _connection;

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
        if (rows.Count == 0)
        {
            return 0;
        }
        try
        {
            var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await CopyRequestsAsync(connection, rows, cancellationToken).ConfigureAwait(false);
                await CopyBodiesAsync(connection, rows, cancellationToken).ConfigureAwait(false);
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

    // COPY text from one reusable buffer, sent in chunks of about FlushChars characters.
    private async Task CopyRequestsAsync(NpgsqlConnection connection, IReadOnlyList<UsageRow> rows, CancellationToken cancellationToken)
    {
        // Not disposed as a writer: NpgsqlCopyTextWriter has no DisposeAsync of its own, and a class derived from StreamWriter
        // falls back to the synchronous Dispose, which waits for the server's answer on the calling thread (with inline
        // socket completions a socket thread: it then waits for itself, until the command timeout). The import is ended
        // through its stream, whose DisposeAsync is asynchronous; on failure the caller drops the connection, and its
        // transaction with it.
        var copy = await connection.BeginTextImportAsync(
            $"copy usage_requests_staging ({RequestColumns}) from stdin", cancellationToken).ConfigureAwait(false);
        var encoder = _encoder;
        encoder.Clear();
        foreach (var row in rows)
        {
            Encode(encoder, row);
            if (encoder.Length >= FlushChars)
            {
                await copy.WriteAsync(encoder.Written, cancellationToken).ConfigureAwait(false);
                encoder.Clear();
            }
        }
        await copy.WriteAsync(encoder.Written, cancellationToken).ConfigureAwait(false);
        encoder.Clear();
        await copy.FlushAsync(cancellationToken).ConfigureAwait(false);
        await copy.BaseStream.DisposeAsync().ConfigureAwait(false);
    }

    private static void Encode(CopyTextRowEncoder encoder, UsageRow row)
    {
        encoder.Text(row.Id);
        encoder.Timestamp(row.CreatedAt);
        encoder.Uuid(row.KeyId);
        encoder.Text(row.ConfigKeyId);
        encoder.Uuid(row.OrgId);
        encoder.Uuid(row.TeamId);
        encoder.Uuid(row.EnvironmentId);
        encoder.Text(row.RequestedModel);
        encoder.Text(row.ProviderId);
        encoder.Text(row.ServedModel);
        encoder.Text(row.ProviderResponseId);
        encoder.Integer(row.Status);
        encoder.Text(row.ErrorCode);
        encoder.Integer(row.PromptTokens);
        encoder.Integer(row.CompletionTokens);
        encoder.Integer(row.CachedReadTokens);
        encoder.Integer(row.CacheWriteTokens);
        encoder.Integer(row.ReasoningTokens);
        encoder.Numeric(row.Cost);
        encoder.Integer(row.LatencyMs);
        encoder.Integer(row.UpstreamLatencyMs);
        encoder.Integer(row.TtftMs);
        encoder.Boolean(row.Stream);
        encoder.Boolean(row.Estimated);
        encoder.Text(row.FinishReason);
        encoder.Inet(row.ClientIp);
        encoder.Text(row.UserAgent);
        encoder.Json(row.RoutingDecision);
        encoder.Json(row.Attempts);
        encoder.Text(row.Kind);
        encoder.Text(row.BillingUnit);
        encoder.Numeric(row.BillingQuantity);
        encoder.Boolean(row.CacheHit);
        encoder.Numeric(row.CostSaved);
        encoder.EndRow();
    }

    private static async Task CopyBodiesAsync(NpgsqlConnection connection, IReadOnlyList<UsageRow> rows, CancellationToken cancellationToken)
    {
        var any = false;
        foreach (var row in rows)
        {
            any |= row.HasBodies;
        }
        if (!any)
        {
            return;
        }
        var importer = await connection.BeginBinaryImportAsync(
            $"copy usage_bodies_staging ({BodyColumns}) from stdin (format binary)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                if (!row.HasBodies)
                {
                    continue;
                }
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
