using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Data.Migrations;

/// <summary>
/// Applies the embedded migrations at start-up: in version order, each once, each in its own transaction,
/// recorded in <c>schema_migrations</c>. A session-level advisory lock makes replicas that start together
/// take turns: the first applies, the others wait and then find nothing left to do. A script whose text
/// changed after it was applied stops the run with an error naming the file.
/// </summary>
public sealed class MigrationRunner
{
    /// <summary>The advisory lock key every replica agrees on: the ASCII bytes of "gwmigrat".</summary>
    internal const long AdvisoryLockKey = 0x67_77_6d_69_67_72_61_74;

    private const string CreateHistoryTable = """
        create table if not exists schema_migrations (
            version     integer primary key,
            name        text not null,
            checksum    text not null,
            applied_at  timestamptz not null default now()
        )
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<MigrationRunner> _logger;
    private readonly int _timeoutSeconds;

    public MigrationRunner(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options, ILogger<MigrationRunner> logger)
        : this(dataSource, options, logger, EmbeddedMigrations.Load())
    {
    }

    internal MigrationRunner(
        NpgsqlDataSource dataSource,
        IOptions<GatewayDataOptions> options,
        ILogger<MigrationRunner> logger,
        IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(migrations);
        _dataSource = dataSource;
        _logger = logger;
        _timeoutSeconds = (int)Math.Ceiling(options.Value.MigrationTimeout.TotalSeconds);
        Migrations = EmbeddedMigrations.Order(migrations);
    }

    public IReadOnlyList<Migration> Migrations { get; }

    /// <exception cref="MigrationException">An applied migration's text changed.</exception>
    public async Task<MigrationReport> RunAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, null, $"select pg_advisory_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
            try
            {
                await ExecuteAsync(connection, null, CreateHistoryTable, cancellationToken).ConfigureAwait(false);
                var applied = await ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
                Verify(applied);

                var pending = Migrations.Where(migration => !applied.ContainsKey(migration.Version)).ToArray();
                foreach (var migration in pending)
                {
                    MigrationRunnerLog.Applying(_logger, migration.FileName);
                    await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false);
                }

                var alreadyApplied = Migrations.Count - pending.Length;
                MigrationRunnerLog.Done(_logger, pending.Length, alreadyApplied, stopwatch.ElapsedMilliseconds);
                return new MigrationReport(pending, alreadyApplied);
            }
            finally
            {
                await UnlockAsync(connection).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The rows of <c>schema_migrations</c>, in version order; empty before the first run.</summary>
    internal async Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand("select to_regclass('schema_migrations') is not null", connection);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return [];
            }

            var applied = await ReadAppliedAsync(connection, cancellationToken).ConfigureAwait(false);
            return applied.Values.OrderBy(row => row.Version).ToArray();
        }
    }

    private void Verify(Dictionary<int, AppliedMigration> applied)
    {
        var known = Migrations.ToDictionary(migration => migration.Version);
        foreach (var row in applied.Values.OrderBy(row => row.Version))
        {
            if (!known.TryGetValue(row.Version, out var migration))
            {
                MigrationRunnerLog.UnknownApplied(_logger, row.Version, row.Name);
                continue;
            }

            if (!string.Equals(row.Checksum, migration.Checksum, StringComparison.Ordinal))
            {
                throw new MigrationException(
                    $"Migration {migration.FileName} was changed after it was applied (applied checksum {row.Checksum}, " +
                    $"file checksum {migration.Checksum}). Restore the file and add a new migration for the change.");
            }
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            try
            {
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception)
            {
                throw new MigrationException($"Migration {migration.FileName} failed: {exception.MessageText}", exception);
            }

            await using (var record = new NpgsqlCommand(
                "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", connection, transaction))
            {
                record.CommandTimeout = _timeoutSeconds;
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Dictionary<int, AppliedMigration>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select version, name, checksum, applied_at from schema_migrations", connection);
        command.CommandTimeout = _timeoutSeconds;
        var applied = new Dictionary<int, AppliedMigration>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new AppliedMigration(
                    reader.GetInt32(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3));
                applied.Add(row.Version, row);
            }
        }

        return applied;
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.CommandTimeout = _timeoutSeconds;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, null, $"select pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            MigrationRunnerLog.UnlockFailed(_logger, exception);
        }
    }
}
