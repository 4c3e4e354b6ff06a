namespace Gateway.Policies.Pricing;

/// <summary>
/// The effective-dated prices of one provider model, oldest first: the one in force when the catalog was built and
/// every later one already scheduled, so a price change applies on time without waiting for a reload.
/// </summary>
public sealed class PriceSchedule
{
    private readonly PricePoint[] _points;

    private PriceSchedule(PricePoint[] points)
    {
        _points = points;
    }

    public IReadOnlyList<PricePoint> Points => _points;

    /// <summary>Sorts the points by effective time; of two with the same time the later one given wins.</summary>
    public static PriceSchedule Create(IEnumerable<PricePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var byTime = new SortedDictionary<DateTimeOffset, ModelPrice>();
        foreach (var point in points)
        {
            ArgumentNullException.ThrowIfNull(point.Price);
            byTime[point.EffectiveFrom] = point.Price;
        }
        var sorted = new PricePoint[byTime.Count];
        var i = 0;
        foreach (var (from, price) in byTime)
        {
            sorted[i++] = new PricePoint(from, price);
        }
        return new PriceSchedule(sorted);
    }

    /// <summary>The price in force at <paramref name="when"/>: the latest point not after it; null before the first.</summary>
    public ModelPrice? At(DateTimeOffset when)
    {
        // Schedules hold a handful of points; a backwards scan finds the usual answer (the newest) first.
        for (var i = _points.Length - 1; i >= 0; i--)
        {
            if (_points[i].EffectiveFrom <= when)
            {
                return _points[i].Price;
            }
        }
        return null;
    }
}
