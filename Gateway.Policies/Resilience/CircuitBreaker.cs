namespace Gateway.Policies.Resilience;

/// <summary>
/// A circuit breaker for one (provider, model), used as "check before sending, report after": call
/// <see cref="TryAcquire"/> just before an attempt and <see cref="RecordSuccess"/> or <see cref="RecordFailure"/>
/// with its permit once the attempt's outcome is known.
/// </summary>
/// <remarks>
/// Not Polly's breaker: Polly 8's is execute-around (it wraps the call and throws <c>BrokenCircuitException</c> to
/// refuse), lets exactly one probe through while half-open, and is one pipeline per key. Here the attempt runs
/// inside YARP's pipeline and is classified afterwards, the routing step must peek at many breakers without
/// taking a permit, and thousands of (provider, model) keys are created lazily — a small state machine under a
/// per-breaker lock fits that better. The closed-state check is lock-free; state changes take the lock.
/// </remarks>
public sealed class CircuitBreaker
{
    private const int Buckets = 10;

    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Lock _lock = new();

    // Replaced by Reconfigure; the bucket width follows the sampling window.
    private volatile CircuitBreakerOptions _options;
    private long _bucketTicks;

    // The sampling window as a ring of buckets; each bucket remembers which window slice ("epoch") it counts.
    private readonly long[] _bucketEpochs = new long[Buckets];
    private readonly int[] _bucketFailures = new int[Buckets];
    private readonly int[] _bucketSuccesses = new int[Buckets];

    private volatile CircuitState _state = CircuitState.Closed;
    private long _generation;
    private long _openedAtTicks;
    private int _probesInFlight;
    private long _lastProbeAtTicks;
    private long _timesOpened;

    public CircuitBreaker(CircuitBreakerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
        _origin = time.GetTimestamp();
        _bucketTicks = BucketTicks(options);
        Array.Fill(_bucketEpochs, -1);
    }

    public CircuitBreakerOptions Options => _options;

    /// <summary>The state now; an open circuit whose break has passed reads as half-open (it becomes so on the next acquire).</summary>
    public CircuitState State
    {
        get
        {
            var state = _state;
            if (state == CircuitState.Open && Now() - Volatile.Read(ref _openedAtTicks) >= _options.BreakDuration.Ticks)
            {
                return CircuitState.HalfOpen;
            }
            return state;
        }
    }

    /// <summary>While open, how long until probes are let through; zero otherwise.</summary>
    public TimeSpan RetryAfter
    {
        get
        {
            if (_state != CircuitState.Open)
            {
                return TimeSpan.Zero;
            }
            var remaining = _options.BreakDuration.Ticks - (Now() - Volatile.Read(ref _openedAtTicks));
            return remaining > 0 ? TimeSpan.FromTicks(remaining) : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Whether an attempt may be sent now. Closed: always. Open: no, until the break duration has passed, then the
    /// circuit turns half-open. Half-open: while fewer than <see cref="CircuitBreakerOptions.HalfOpenMaxProbes"/>
    /// probes are in flight.
    /// </summary>
    public bool TryAcquire(out CircuitPermit permit)
    {
        // Fast path without the lock: most circuits are closed most of the time. A request that slips through
        // while another thread is opening the circuit is harmless; its result is ignored by generation.
        if (_state == CircuitState.Closed)
        {
            permit = new CircuitPermit(Volatile.Read(ref _generation), IsProbe: false);
            if (_state == CircuitState.Closed)
            {
                return true;
            }
        }

        lock (_lock)
        {
            var now = Now();
            switch (_state)
            {
                case CircuitState.Closed:
                    permit = new CircuitPermit(_generation, IsProbe: false);
                    return true;
                case CircuitState.Open:
                    if (now - _openedAtTicks < _options.BreakDuration.Ticks)
                    {
                        permit = default;
                        return false;
                    }
                    Transition(CircuitState.HalfOpen, now);
                    break;
            }

            // Half-open. A probe whose result never came (its request was abandoned) would hold its slot forever.
            if (_probesInFlight >= _options.HalfOpenMaxProbes && now - _lastProbeAtTicks >= _options.ProbeTimeout.Ticks)
            {
                _probesInFlight = 0;
            }
            if (_probesInFlight >= _options.HalfOpenMaxProbes)
            {
                permit = default;
                return false;
            }
            _probesInFlight++;
            _lastProbeAtTicks = now;
            permit = new CircuitPermit(_generation, IsProbe: true);
            return true;
        }
    }

    /// <summary>The attempt got an answer the client can use (or a client error that says nothing about the target's health).</summary>
    public void RecordSuccess(CircuitPermit permit) => Record(permit, failed: false);

    /// <summary>
    /// The attempt ended in a way that says nothing about this target's health (a client's error, a departed
    /// client, a rate limit or a rejected credential, which other scopes keep): counted neither way, but a half-open
    /// probe's slot is freed for the next probe.
    /// </summary>
    public void Release(CircuitPermit permit)
    {
        if (!permit.IsProbe)
        {
            return;
        }
        lock (_lock)
        {
            if (permit.Generation == _generation && _state == CircuitState.HalfOpen && _probesInFlight > 0)
            {
                _probesInFlight--;
            }
        }
    }

    /// <summary>The attempt failed in a way that says the target is unwell: connect error, timeout, 5xx.</summary>
    public void RecordFailure(CircuitPermit permit) => Record(permit, failed: true);

    /// <summary>
    /// Applies new options and keeps the state: an open circuit stays open (for the new break duration from when it
    /// opened), a half-open one keeps its probes, a closed one its counts, unless the sampling window changed, whose
    /// counts mean nothing under the new one.
    /// </summary>
    public void Reconfigure(CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        lock (_lock)
        {
            var bucketTicks = BucketTicks(options);
            if (bucketTicks != _bucketTicks)
            {
                _bucketTicks = bucketTicks;
                Array.Fill(_bucketEpochs, -1);
            }
            _options = options;
        }
    }

    public CircuitBreakerSnapshot Snapshot(string providerId, string model)
    {
        lock (_lock)
        {
            var now = Now();
            var (failures, total) = _state == CircuitState.Closed ? Totals(now) : (0, 0);
            return new CircuitBreakerSnapshot(providerId, model, State, failures, total, RetryAfter, _timesOpened);
        }
    }

    private long Now() => _time.GetElapsedTime(_origin).Ticks;

    /// <summary>
    /// Counts an attempt's outcome while closed (a failure may trip the circuit); half-open, a probe's outcome decides
    /// alone: closed again or open again. An outcome from before the last transition counts for nothing.
    /// </summary>
    private void Record(CircuitPermit permit, bool failed)
    {
        lock (_lock)
        {
            if (permit.Generation != _generation)
            {
                return;
            }
            var now = Now();
            if (_state == CircuitState.Closed)
            {
                Count(now, failed);
                if (failed && ShouldTrip(now))
                {
                    Transition(CircuitState.Open, now);
                }
            }
            else if (_state == CircuitState.HalfOpen && permit.IsProbe)
            {
                Transition(failed ? CircuitState.Open : CircuitState.Closed, now);
            }
        }
    }

    private static long BucketTicks(CircuitBreakerOptions options) => Math.Max(1, options.SamplingWindow.Ticks / Buckets);

    private void Transition(CircuitState next, long now)
    {
        _generation++;
        _probesInFlight = 0;
        if (next == CircuitState.Open)
        {
            Volatile.Write(ref _openedAtTicks, now);
            _timesOpened++;
        }
        if (next == CircuitState.Closed)
        {
            Array.Fill(_bucketEpochs, -1);
        }
        _state = next;
    }

    private void Count(long now, bool failed)
    {
        var epoch = now / _bucketTicks;
        var index = (int)(epoch % Buckets);
        if (_bucketEpochs[index] != epoch)
        {
            _bucketEpochs[index] = epoch;
            _bucketFailures[index] = 0;
            _bucketSuccesses[index] = 0;
        }
        if (failed)
        {
            _bucketFailures[index]++;
        }
        else
        {
            _bucketSuccesses[index]++;
        }
    }

    private (int Failures, int Total) Totals(long now)
    {
        var current = now / _bucketTicks;
        var failures = 0;
        var total = 0;
        for (var i = 0; i < Buckets; i++)
        {
            if (_bucketEpochs[i] > current - Buckets)
            {
                failures += _bucketFailures[i];
                total += _bucketFailures[i] + _bucketSuccesses[i];
            }
        }
        return (failures, total);
    }

    private bool ShouldTrip(long now)
    {
        var (failures, total) = Totals(now);
        if (_options.FailureThreshold > 0 && failures >= _options.FailureThreshold)
        {
            return true;
        }
        return _options.FailureRatio > 0 && total >= _options.MinimumThroughput && failures >= _options.FailureRatio * total;
    }
}
