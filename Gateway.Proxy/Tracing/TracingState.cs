namespace Gateway.Proxy.Tracing;

/// <summary>Whether this process exports traces (decided once at start, <see cref="TracingSetup"/>).</summary>
internal sealed class TracingState
{
    public static readonly TracingState Off = new(enabled: false);

    public TracingState(bool enabled)
    {
        Enabled = enabled;
    }

    public bool Enabled { get; }
}
