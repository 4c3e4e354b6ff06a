namespace Gateway.Data.Sql;

/// <summary>Page size resolution and page assembly: lists fetch one row more than the page to know whether another follows.</summary>
internal static class Paging
{
    public static int Limit(PageRequest page, GatewayDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(page), page.Limit, "A page limit must be at least 1.");
        }

        return Math.Min(page.Limit ?? options.DefaultPageSize, options.MaxPageSize);
    }

    public static Page<T> Build<T>(IReadOnlyList<T> rows, int limit, Func<T, string> cursorOf)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        var items = rows.Take(limit).ToArray();
        return new Page<T>(items, cursorOf(items[^1]));
    }
}
