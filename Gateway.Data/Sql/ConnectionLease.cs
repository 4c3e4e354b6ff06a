namespace Gateway.Data.Sql;

/// <summary>A connection for one call: pooled and given back on dispose, or the ambient transaction's and left open.</summary>
internal readonly struct ConnectionLease : IAsyncDisposable
{
    private readonly bool _owned;

    public ConnectionLease(NpgsqlConnection connection, NpgsqlTransaction? transaction, bool owned)
    {
        Connection = connection;
        Transaction = transaction;
        _owned = owned;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction? Transaction { get; }

    public ValueTask DisposeAsync() => _owned ? Connection.DisposeAsync() : ValueTask.CompletedTask;
}
