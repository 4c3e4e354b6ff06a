namespace Gateway.Policies.Strategies;

/// <summary>
/// Weighted random order: the first slot is drawn by weight from all candidates, the second by weight from the
/// rest, and so on (sampling without replacement), so the first pick follows the weights exactly and the
/// fallbacks are weighted too. Stateless — unlike nginx's smooth weighted round-robin it needs no per-alias
/// counters shared between requests and replicas — and reproducible with a seeded <see cref="Random"/>.
/// Zero-weight candidates are never drawn; they follow the drawn ones in configured order.
/// </summary>
internal static class WeightedOrdering
{
    public static void Apply(Span<RouteTarget> items, Random random)
    {
        for (var slot = 0; slot < items.Length - 1; slot++)
        {
            var total = 0.0;
            for (var i = slot; i < items.Length; i++)
            {
                total += Weight(items[i]);
            }
            if (total <= 0)
            {
                return;
            }
            var point = random.NextDouble() * total;
            var pick = -1;
            for (var i = slot; i < items.Length; i++)
            {
                var weight = Weight(items[i]);
                if (weight <= 0)
                {
                    continue;
                }
                pick = i;
                point -= weight;
                if (point < 0)
                {
                    break;
                }
            }
            // pick is the last positive-weight candidate when rounding left point at exactly 0.
            StableSort.MoveToFront(items[slot..], pick - slot);
        }
    }

    private static double Weight(RouteTarget target) => double.IsFinite(target.Weight) && target.Weight > 0 ? target.Weight : 0;
}
