namespace Gateway.Data.Sql;

/// <summary>
/// The transaction <see cref="Repositories.DatabaseTransactions"/> opened for the current async flow: every
/// <see cref="SqlExecutor"/> call on the same data source joins it instead of taking a pooled connection of its own.
/// </summary>
internal sealed class AmbientTransaction
{
    private static readonly AsyncLocal<AmbientTransaction?> Current = new();

    private AmbientTransaction(NpgsqlDataSource dataSource, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        DataSource = dataSource;
        Connection = connection;
        Transaction = transaction;
    }

    public NpgsqlDataSource DataSource { get; }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    /// <summary>The flow's transaction on <paramref name="dataSource"/>, or null.</summary>
    public static AmbientTransaction? For(NpgsqlDataSource dataSource) =>
        Current.Value is { } ambient && ReferenceEquals(ambient.DataSource, dataSource) ? ambient : null;

    /// <summary>Makes the transaction the flow's own until the returned scope is disposed.</summary>
    public static IDisposable Enter(NpgsqlDataSource dataSource, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var previous = Current.Value;
        Current.Value = new AmbientTransaction(dataSource, connection, transaction);
        return new Scope(previous);
    }

    private sealed class Scope(AmbientTransaction? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
