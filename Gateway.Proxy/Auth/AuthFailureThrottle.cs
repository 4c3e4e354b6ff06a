using System.Collections.Concurrent;
using System.Net;
using Gateway.Proxy.Logging;

namespace Gateway.Proxy.Auth;

/// <summary>
/// Counts failed authentications per client address in fixed windows; an address past
/// <see cref="AuthThrottleOptions.MaxFailuresPerWindow"/> is refused until its window ends, so guessing keys, or
/// making the gateway look up unknown ones, is slow. Bounded: at most <see cref="AuthThrottleOptions.MaxTrackedAddresses"/>
/// addresses are remembered.
/// </summary>
internal sealed class AuthFailureThrottle
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<IPAddress, Window> _windows = new();
    private readonly IOptionsMonitor<AuthThrottleOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AuthFailureThrottle> _logger;
    private long _lastSweep;

    public AuthFailureThrottle(IOptionsMonitor<AuthThrottleOptions> options, TimeProvider time, ILogger<AuthFailureThrottle> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _lastSweep = time.GetTimestamp();
    }

    /// <summary>Addresses being counted (for tests and diagnostics).</summary>
    public int TrackedAddresses => _windows.Count;

    /// <summary>Whether requests from <paramref name="address"/> are refused now, and for how long.</summary>
    public bool IsThrottled(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        // The common case, nobody failing: no allocation, no lookup.
        if (_windows.IsEmpty || address is null)
        {
            return false;
        }
        var options = _options.CurrentValue;
        if (options.MaxFailuresPerWindow == 0 || !_windows.TryGetValue(Normalize(address), out var window))
        {
            return false;
        }
        lock (window)
        {
            var remaining = Remaining(window, options);
            if (remaining <= TimeSpan.Zero || window.Failures < options.MaxFailuresPerWindow)
            {
                return false;
            }
            retryAfter = remaining;
            return true;
        }
    }

    /// <summary>One failed authentication from <paramref name="address"/>.</summary>
    public void Failed(IPAddress? address)
    {
        var options = _options.CurrentValue;
        if (address is null || options.MaxFailuresPerWindow == 0)
        {
            return;
        }
        var key = Normalize(address);
        if (!_windows.TryGetValue(key, out var window))
        {
            if (_windows.Count >= options.MaxTrackedAddresses && !MakeRoom(options))
            {
                return;
            }
            window = _windows.GetOrAdd(key, static (_, now) => new Window { Start = now }, _time.GetTimestamp());
        }
        int failures;
        lock (window)
        {
            if (Remaining(window, options) <= TimeSpan.Zero)
            {
                window.Start = _time.GetTimestamp();
                window.Failures = 0;
            }
            failures = ++window.Failures;
        }
        if (failures == options.MaxFailuresPerWindow)
        {
            GatewayLog.AuthFailuresThrottled(_logger, key.ToString(), failures, options.FailureWindowSeconds);
        }
    }

    private TimeSpan Remaining(Window window, AuthThrottleOptions options) =>
        TimeSpan.FromSeconds(options.FailureWindowSeconds) - _time.GetElapsedTime(window.Start);

    /// <summary>Drops ended windows, at most once a second (a full table of live windows must not cost a scan per failure).</summary>
    private bool MakeRoom(AuthThrottleOptions options)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (_time.GetElapsedTime(last) < SweepInterval || Interlocked.CompareExchange(ref _lastSweep, _time.GetTimestamp(), last) != last)
        {
            return false;
        }
        foreach (var (address, window) in _windows)
        {
            bool ended;
            lock (window)
            {
                ended = Remaining(window, options) <= TimeSpan.Zero;
            }
            if (ended)
            {
                _windows.TryRemove(new KeyValuePair<IPAddress, Window>(address, window));
            }
        }
        return _windows.Count < options.MaxTrackedAddresses;
    }

    /// <summary>IPv4 (also when mapped into IPv6) as is; IPv6 by its /64, which one host or home usually holds whole.</summary>
    private static IPAddress Normalize(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address;
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    private sealed class Window
    {
        public long Start;
        public int Failures;
    }
}
