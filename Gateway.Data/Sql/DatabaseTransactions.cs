namespace Gateway.Data.Sql;

/// <summary>
/// Runs several repository calls as one transaction: every call they make on this data source, in the same async
/// flow, joins it. Committed when the work returns, rolled back when it throws, so a change and the audit entry that
/// records it are stored together or not at all. A nested call joins the transaction already open.
/// </summary>
public sealed class DatabaseTransactions
{
    private readonly NpgsqlDataSource _dataSource;

    public DatabaseTransactions(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (AmbientTransaction.For(_dataSource) is not null)
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                T result;
                using (AmbientTransaction.Enter(_dataSource, connection, transaction))
                {
                    result = await work(cancellationToken).ConfigureAwait(false);
                }
                try
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException exception) when (SqlExecutor.Translate(exception) is { } translated)
                {
                    // Deferred constraints are checked at commit.
                    throw translated;
                }
                return result;
            }
        }
    }

    public async Task RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await RunAsync<bool>(async token =>
        {
            await work(token).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }
}
