using NpgsqlTypes;

namespace Gateway.Data.Cache;

/// <summary>
/// The response cache's shared tier: <c>response_cache</c> (migration 0017), an unlogged table of entries keyed by
/// the request's hash, each with its expiry. Unlogged: a crash empties it, which a cache may lose, and writes cost no WAL.
/// </summary>
public sealed class ResponseCacheRepository
{
    private readonly NpgsqlDataSource _dataSource;

    public ResponseCacheRepository(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    /// <summary>The entry stored under <paramref name="key"/> that has not expired at <paramref name="now"/>, or null.</summary>
    public async Task<byte[]?> GetAsync(byte[] key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("select entry from response_cache where key = $1 and expires_at > $2");
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = key, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    /// <summary>Stores (or replaces) the entry under <paramref name="key"/> until <paramref name="expiresAt"/>.</summary>
    public async Task SetAsync(byte[] key, byte[] entry, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            """
            insert into response_cache (key, entry, expires_at) values ($1, $2, $3)
            on conflict (key) do update set entry = excluded.entry, expires_at = excluded.expires_at, created_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = key, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = entry, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expiresAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the entries expired at <paramref name="now"/>; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("delete from response_cache where expires_at <= $1");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
