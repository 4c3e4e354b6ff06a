using System.Collections;

namespace Gateway.Policies.OpenRouter;

/// <summary>
/// A provider list from the request (<c>provider.order</c>, <c>only</c>, <c>ignore</c>): the client's names in order, with
/// a case-insensitive index of each name's first position once the list is long enough that a scan per candidate would
/// make routing cost the product of two client-chosen lengths.
/// </summary>
internal sealed class ProviderNameList : IReadOnlyList<string>
{
    private const int ScanLimit = 8;

    private readonly List<string> _names;
    private readonly Dictionary<string, int>? _firstIndex;

    public ProviderNameList(List<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = names;
        if (names.Count > ScanLimit)
        {
            _firstIndex = new Dictionary<string, int>(names.Count, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < names.Count; i++)
            {
                _firstIndex.TryAdd(names[i], i);
            }
        }
    }

    public int Count => _names.Count;

    public string this[int index] => _names[index];

    /// <summary>The position of <paramref name="providerId"/> (first occurrence, case-insensitive), or -1.</summary>
    public int IndexOf(string providerId)
    {
        if (_firstIndex is not null)
        {
            return _firstIndex.TryGetValue(providerId, out var index) ? index : -1;
        }
        for (var i = 0; i < _names.Count; i++)
        {
            if (string.Equals(_names[i], providerId, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    public IEnumerator<string> GetEnumerator() => _names.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
