using System.Runtime.CompilerServices;

namespace Gateway.Bench.BareProxy;

/// <summary>
/// A stand-in for a gateway's own work (<c>--WorkRounds N [--WorkBytes B]</c>): before forwarding, each POST does N rounds
/// of arithmetic, the same CPU work however often it is preempted. With B = 0 it touches almost no memory, so any kernel
/// time it adds comes from the longer path alone; with B > 0 it also reads B bytes of a private array (four times B long)
/// among the rounds, a cache line at a time from where the last request stopped, evicting what the kernel and the
/// framework had in cache. The bench reads its cost from the process's CPU time. Not a product.
/// </summary>
internal sealed class SyntheticWork
{
    private const int CacheLine = 64;

    private readonly long _rounds;
    private readonly byte[] _memory;
    // Shared by concurrent requests without a lock: a lost update only moves where the next walk starts.
    private int _position;
    private long _sink;

    /// <param name="rounds">Rounds of a short dependent arithmetic chain per request (~25 ns each on the bench machine).</param>
    /// <param name="bytes">Bytes of a private array to read per request, spread over the rounds (0: none).</param>
    public SyntheticWork(int rounds, int bytes)
    {
        _rounds = rounds;
        _memory = new byte[Math.Max(bytes, CacheLine) * 4];
        BytesPerRequest = bytes;
        Random.Shared.NextBytes(_memory);
    }

    public int BytesPerRequest { get; }

    /// <summary>Something that depends on every byte read, printed at exit so that no read is optimised away.</summary>
    public long Sink => Interlocked.Read(ref _sink);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            Spend();
        }
        await next(context).ConfigureAwait(false);
    }

    private void Spend() => Interlocked.Add(ref _sink, Run(_rounds, BytesPerRequest / CacheLine));

    /// <summary>A fixed amount of work, not a wall-clock wait: a preempted request still does all of it.</summary>
    // Optimized from the first call, so that the work per request does not change when the method tiers up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long Run(long rounds, int lines)
    {
        long sum = 0;
        for (long round = 0; round < rounds || lines > 0; round++)
        {
            // A few lines of the array per round (none when B is 0), then a short dependent chain.
            for (var i = 0; i < 4 && lines > 0; i++, lines--)
            {
                sum += _memory[_position];
                _position += CacheLine;
                if (_position >= _memory.Length)
                {
                    _position = 0;
                }
            }
            for (var i = 0; i < 20; i++)
            {
                sum = (sum * 31) + i;
            }
        }
        return sum;
    }
}
