using System.Globalization;
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

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<T>>(
            sql, parameters, static async (connection, command) => (await connection.QueryAsync<T>(command).ConfigureAwait(false)).AsList(), cancellationToken);

    /// <summary>
    /// One page of a list keyed by a UUID id (UUIDv7: creation order to the millisecond). <paramref name="sql"/> reads
    /// <c>@after</c> (the id the previous page ended on, or null), orders by the id and takes <c>@take</c> rows, one
    /// more than the page, so that the last tells whether another page follows; <paramref name="parameters"/> makes its
    /// parameters from those two.
    /// </summary>
    public Task<Page<T>> QueryPageAsync<T>(
        string sql, PageRequest page, Func<Guid?, int, object> parameters, Func<T, Guid> idOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOf);
        return QueryKeysetPageAsync<T, Guid?>(
            sql, page, static cursor => PageCursor.DecodeGuid(cursor), parameters, row => idOf(row).ToString(), cancellationToken);
    }

    /// <summary>
    /// One page of a list keyed by a bigint id, as the one keyed by a UUID; the id the previous page ended on may be
    /// read as the bound of either direction (<c>id &gt; @after</c> or, newest first, <c>id &lt; @after</c>).
    /// </summary>
    public Task<Page<T>> QueryPageAsync<T>(
        string sql, PageRequest page, Func<long?, int, object> parameters, Func<T, long> idOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOf);
        return QueryKeysetPageAsync<T, long?>(
            sql, page, static cursor => PageCursor.DecodeInt64(cursor), parameters, row => idOf(row).ToString(CultureInfo.InvariantCulture), cancellationToken);
    }

    /// <summary>One page of a list keyed by a text id, as the one keyed by a UUID.</summary>
    public Task<Page<T>> QueryPageAsync<T>(
        string sql, PageRequest page, Func<string?, int, object> parameters, Func<T, string> idOf, CancellationToken cancellationToken) =>
        QueryKeysetPageAsync<T, string?>(sql, page, static cursor => PageCursor.Decode(cursor, 1)[0], parameters, idOf, cancellationToken);

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        RunAsync(sql, parameters, static (connection, command) => connection.QuerySingleOrDefaultAsync<T>(command), cancellationToken);

    /// <summary>A statement that answers exactly one row, such as <c>insert … returning</c>.</summary>
    public async Task<T> QuerySingleAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
        where T : class =>
        await QuerySingleOrDefaultAsync<T>(sql, parameters, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The statement answered no row.");

    public Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        RunAsync(sql, parameters, static (connection, command) => connection.ExecuteAsync(command), cancellationToken);

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

    /// <summary>The keyset page the public overloads describe; <paramref name="decode"/> reads the key out of a cursor, whose text is <paramref name="keyOf"/> a row.</summary>
    private async Task<Page<T>> QueryKeysetPageAsync<T, TAfter>(
        string sql, PageRequest page, Func<string, TAfter> decode, Func<TAfter?, int, object> parameters, Func<T, string> keyOf,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(keyOf);
        var limit = Paging.Limit(page, Options);
        TAfter? after = page.Cursor is null ? default : decode(page.Cursor);
        var rows = await QueryAsync<T>(sql, parameters(after, limit + 1), cancellationToken).ConfigureAwait(false);
        return Paging.Build(rows, limit, row => PageCursor.Encode(keyOf(row)));
    }

    /// <summary>One command on the call's connection, its constraint violations translated.</summary>
    private async Task<T> RunAsync<T>(
        string sql, object? parameters, Func<NpgsqlConnection, CommandDefinition, Task<T>> call, CancellationToken cancellationToken)
    {
        var lease = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            try
            {
                return await call(lease.Connection, Command(sql, parameters, lease.Transaction, cancellationToken)).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (Translate(exception) is { } translated)
            {
                throw translated;
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
