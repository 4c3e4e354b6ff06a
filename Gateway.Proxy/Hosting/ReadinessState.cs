namespace Gateway.Proxy.Hosting;

/// <summary>
/// What besides a loaded catalog decides <c>/readyz</c>: the process is stopping (from SIGTERM on, so load balancers
/// drain it), or something holds readiness back for a while (a warm-up). One instance per process, read by
/// <see cref="Endpoints.HealthEndpoints"/> on both ports.
/// </summary>
internal sealed class ReadinessState
{
    private int _stopping;
    private int _holds;

    /// <summary>True from the moment shutdown begins.</summary>
    public bool IsStopping => Volatile.Read(ref _stopping) == 1;

    /// <summary>True while any <see cref="Hold"/> is open.</summary>
    public bool IsHeld => Volatile.Read(ref _holds) > 0;

    /// <summary>Marks the process as stopping; true the first time only.</summary>
    public bool MarkStopping() => Interlocked.Exchange(ref _stopping, 1) == 0;

    /// <summary>Holds readiness at 503 until the returned handle is disposed (e.g. until a warm-up ends).</summary>
    public IDisposable Hold()
    {
        Interlocked.Increment(ref _holds);
        return new Release(this);
    }

    private sealed class Release(ReadinessState state) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref state._holds);
            }
        }
    }
}
