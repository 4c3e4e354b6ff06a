namespace Gateway.Data.Sql;

/// <summary>
/// Asks a list method for one page. Lists use keyset pagination over each table's key (UUIDv7 ids
/// follow creation order to the millisecond), so pages never skip or repeat a row: pass the previous page's <see cref="Page{T}.NextCursor"/> as <paramref name="Cursor"/>.
/// A null <paramref name="Limit"/> takes the configured default; a larger one than the configured maximum is capped.
/// Cursors are opaque; a malformed one is an <see cref="ArgumentException"/>.
/// </summary>
public sealed record PageRequest(int? Limit = null, string? Cursor = null)
{
    public static PageRequest First { get; } = new();
}
