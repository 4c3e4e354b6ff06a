namespace Gateway.Policies.Quotas;

/// <summary>The database's quota rows by subject, built once per catalog load so a request looks its limits up in O(1).</summary>
public sealed class QuotaLimitIndex
{
    private readonly Dictionary<QuotaSubject, QuotaLimit[]> _bySubject;

    private QuotaLimitIndex(Dictionary<QuotaSubject, QuotaLimit[]> bySubject)
    {
        _bySubject = bySubject;
    }

    public static QuotaLimitIndex Empty { get; } = new([]);

    public int Count { get; private init; }

    public static QuotaLimitIndex Build(IEnumerable<QuotaLimit> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var grouped = new Dictionary<QuotaSubject, List<QuotaLimit>>();
        var count = 0;
        foreach (var limit in limits)
        {
            if (!grouped.TryGetValue(limit.Subject, out var list))
            {
                list = [];
                grouped[limit.Subject] = list;
            }
            list.Add(limit);
            count++;
        }
        return new QuotaLimitIndex(grouped.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray())) { Count = count };
    }

    public IReadOnlyList<QuotaLimit> For(QuotaSubject subject) =>
        _bySubject.TryGetValue(subject, out var limits) ? limits : [];
}
