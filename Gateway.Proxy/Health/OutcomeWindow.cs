namespace Gateway.Proxy.Health;

/// <summary>
/// Failures and answers over a sliding window, as a ring of ten buckets (each remembers which slice of time it
/// counts). Not thread-safe: its owner holds a lock.
/// </summary>
internal sealed class OutcomeWindow
{
    private const int Buckets = 10;

    private readonly long[] _epochs = new long[Buckets];
    private readonly int[] _failures = new int[Buckets];
    private readonly int[] _answers = new int[Buckets];

    public OutcomeWindow() => Clear();

    public void Add(long nowTicks, TimeSpan window, bool failed)
    {
        var epoch = nowTicks / BucketTicks(window);
        var index = (int)(epoch % Buckets);
        if (_epochs[index] != epoch)
        {
            _epochs[index] = epoch;
            _failures[index] = 0;
            _answers[index] = 0;
        }
        _answers[index]++;
        if (failed)
        {
            _failures[index]++;
        }
    }

    public (int Failures, int Answers) Totals(long nowTicks, TimeSpan window)
    {
        var current = nowTicks / BucketTicks(window);
        int failures = 0, answers = 0;
        for (var i = 0; i < Buckets; i++)
        {
            if (_epochs[i] > current - Buckets && _epochs[i] <= current)
            {
                failures += _failures[i];
                answers += _answers[i];
            }
        }
        return (failures, answers);
    }

    public void Clear() => Array.Fill(_epochs, -1);

    private static long BucketTicks(TimeSpan window) => Math.Max(1, window.Ticks / Buckets);
}
