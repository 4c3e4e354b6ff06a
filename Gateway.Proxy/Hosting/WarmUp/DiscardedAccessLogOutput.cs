using Gateway.Proxy.Logging.AccessLog;

namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>Where the warm-up's access lines go: nowhere. They are formatted as the real host's are, to warm that code.</summary>
internal sealed class DiscardedAccessLogOutput : IAccessLogOutput
{
    public void Write(ReadOnlySpan<byte> lines)
    {
    }
}
