namespace Gateway.Policies.Strategies;

/// <summary>
/// Sorts a run of candidates by a key, keeping the configured order among equal keys (Array.Sort is an
/// introsort and is not stable). Insertion sort: candidate lists are short (a handful, rarely dozens), it is
/// allocation-free, and near-sorted input — the usual case — costs nearly nothing.
/// </summary>
internal static class StableSort
{
    /// <summary>Sorts <paramref name="items"/> ascending by <paramref name="keys"/> (same length; moved together). NaN sorts last.</summary>
    public static void Ascending(Span<RouteTarget> items, Span<double> keys)
    {
        for (var i = 1; i < items.Length; i++)
        {
            var item = items[i];
            var key = keys[i];
            var j = i - 1;
            while (j >= 0 && Greater(keys[j], key))
            {
                items[j + 1] = items[j];
                keys[j + 1] = keys[j];
                j--;
            }
            items[j + 1] = item;
            keys[j + 1] = key;
        }
    }

    /// <summary>Moves the item at <paramref name="from"/> to the front, shifting the ones before it back by one (their order is kept).</summary>
    public static void MoveToFront(Span<RouteTarget> items, int from)
    {
        if (from <= 0)
        {
            return;
        }
        var item = items[from];
        items[..from].CopyTo(items[1..(from + 1)]);
        items[0] = item;
    }

    private static bool Greater(double a, double b) => double.IsNaN(b) ? false : double.IsNaN(a) || a > b;
}
