using Gateway.Data.Errors;

namespace Gateway.Data.Sql;

/// <summary>
/// The one way repositories talk to PostgreSQL: a pooled connection per call (or the flow's
/// <see cref="AmbientTransaction"/>, which every call then joins), the configured command timeout, and constraint
/// violations turned into <see cref="DataConstraintException"/>.
/// </summary>
internal sealed class SqlExecutor
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _timeoutSeconds;

    public SqlExecutor(NpgsqlDataSource dataSource, GatewayDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        DapperSetup.EnsureRegistered();
        _dataSource = dataSource;
        Options = options;
        _timeoutSeconds = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
    }

    /// <summary>A repository's executor, from the services every repository is given.</summary>
    public SqlExecutor(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
        : this(dataSource, ValueOf(options))
    {
    }

    public GatewayDataOptions Options { get; }

    public CommandDefinition Command(string sql, object? parameters, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, _timeoutSeconds, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var lease = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            try
            {
                return (await lease.Connection.QueryAsync<T>(Command(sql, parameters, lease.Transaction, cancellationToken)).ConfigureAwait(false)).AsList();
            }
            catch (PostgresException exception) when (Translate(exception) is { } translated)
            {
                throw translated;
            }
        }
    }

    /// <summary>
    /// One page of a list keyed by a UUID id (UUIDv7: creation order to the millisecond). <paramref name="sql"/> reads
    /// <c>@after</c> (the id the previous page ended on, or null), orders by the id and takes <c>@take</c> rows, one
    /// more than the page, so that the last tells whether another page follows; <paramref name="parameters"/> makes its
    /// parameters from those two.
    /// </summary>
    public async Task<Page<T>> QueryPageAsync<T>(
        string sql, PageRequest page, Func<Guid?, int, object> parameters, Func<T, Guid> idOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(idOf);
        var limit = Paging.Limit(page, Options);
        var after = page.Cursor is null ? (Guid?)null : PageCursor.DecodeGuid(page.Cursor);
        var rows = await QueryAsync<T>(sql, parameters(after, limit + 1), cancellationToken).ConfigureAwait(false);
        return Paging.Build(rows, limit, row => PageCursor.Encode(idOf(row).ToString()));
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var lease = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            try
            {
                return await lease.Connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters, lease.Transaction, cancellationToken)).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (Translate(exception) is { } translated)
            {
                throw translated;
            }
        }
    }

    /// <summary>A statement that answers exactly one row, such as <c>insert … returning</c>.</summary>
    public async Task<T> QuerySingleAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
        where T : class =>
        await QuerySingleOrDefaultAsync<T>(sql, parameters, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The statement answered no row.");

    public async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var lease = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            try
            {
                return await lease.Connection.ExecuteAsync(Command(sql, parameters, lease.Transaction, cancellationToken)).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (Translate(exception) is { } translated)
            {
                throw translated;
            }
        }
    }

    /// <summary>A change that answers whether it touched any row (false: none matched, such as a delete of a gone id).</summary>
    public async Task<bool> ExecuteAnyAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        await ExecuteAsync(sql, parameters, cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>
    /// Runs <paramref name="work"/> on one pooled connection without a transaction (several result sets, one round
    /// trip); inside an ambient transaction, on its connection.
    /// </summary>
    public async Task<T> WithConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var lease = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            return await work(lease.Connection).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed when it returns and rolled back when it throws;
    /// inside an ambient transaction, as part of it (committed or rolled back with it).
    /// </summary>
    public async Task<T> InTransactionAsync<T>(
        Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work,
        CancellationToken cancellationToken,
        System.Data.IsolationLevel isolation = System.Data.IsolationLevel.ReadCommitted)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (AmbientTransaction.For(_dataSource) is { } ambient)
        {
            try
            {
                return await work(ambient.Connection, ambient.Transaction).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (Translate(exception) is { } translated)
            {
                throw translated;
            }
        }
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                try
                {
                    var result = await work(connection, transaction).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
                catch (PostgresException exception) when (Translate(exception) is { } translated)
                {
                    throw translated;
                }
            }
        }
    }

    /// <summary>The ambient transaction's connection, or a pooled one of its own (returned to the pool on dispose).</summary>
    private async ValueTask<ConnectionLease> OpenAsync(CancellationToken cancellationToken) =>
        AmbientTransaction.For(_dataSource) is { } ambient
            ? new ConnectionLease(ambient.Connection, ambient.Transaction, owned: false)
            : new ConnectionLease(await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false), null, owned: true);

    internal static DataConstraintException? Translate(PostgresException exception) => exception.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => Wrap(ConstraintViolationKind.Unique, exception),
        PostgresErrorCodes.ForeignKeyViolation => Wrap(ConstraintViolationKind.ForeignKey, exception),
        PostgresErrorCodes.CheckViolation => Wrap(ConstraintViolationKind.Check, exception),
        PostgresErrorCodes.NotNullViolation => Wrap(ConstraintViolationKind.NotNull, exception),
        _ => null,
    };

    private static GatewayDataOptions ValueOf(IOptions<GatewayDataOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Value;
    }

    private static DataConstraintException Wrap(ConstraintViolationKind kind, PostgresException exception) =>
        new(kind, exception.TableName, exception.ConstraintName, exception);
}
