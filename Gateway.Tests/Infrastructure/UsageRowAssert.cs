namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Checks a request's usage row (as <see cref="TestDatabase.RequestRowAsync"/> reads it): every value given must be the
/// row's, the columns not given are not looked at; all are checked before the test fails.
/// </summary>
internal static class UsageRowAssert
{
    public static void Has(
        IReadOnlyDictionary<string, object?> row,
        string? kind = null,
        string? unit = null,
        decimal? quantity = null,
        int? promptTokens = null,
        int? completionTokens = null,
        int? cachedReadTokens = null,
        int? cacheWriteTokens = null,
        decimal? cost = null,
        bool? estimated = null,
        bool? stream = null)
    {
        ArgumentNullException.ThrowIfNull(row);
        Assert.Multiple(() =>
        {
            Check(row, "kind", kind);
            Check(row, "billing_unit", unit);
            Check(row, "billing_quantity", quantity);
            Check(row, "prompt_tokens", promptTokens);
            Check(row, "completion_tokens", completionTokens);
            Check(row, "cached_read_tokens", cachedReadTokens);
            Check(row, "cache_write_tokens", cacheWriteTokens);
            Check(row, "cost", cost);
            Check(row, "estimated", estimated);
            Check(row, "stream", stream);
        });
    }

    private static void Check(IReadOnlyDictionary<string, object?> row, string column, object? expected)
    {
        if (expected is not null)
        {
            Assert.That(row[column], Is.EqualTo(expected), column);
        }
    }
}
