namespace Gateway.Proxy.Options;

/// <summary>
/// Which threads run a request's work (<c>Gateway:Server</c>). With inline socket completions, what follows a socket
/// read (a provider's answer, a database reply) runs on the socket engine's thread (one per core) instead of being
/// handed to the thread pool: a plain chat request costs about a sixth less CPU (bench/README.md). Nothing may then
/// block on I/O synchronously: a blocked socket thread stalls every connection it serves, and waits for itself when the
/// I/O is its own (the usage COPY's writer did, see <c>UsageBatchWriter</c>). On by default since the thirteenth round
/// (bench/README.md): with it the gateway reaches 0.87 of bare YARP's plain throughput, against 0.73 without. Work that
/// grows with a body's size is moved to the thread pool past <see cref="OffloadBodyBytes"/>, so that one large request does
/// not hold up the other connections of its socket thread.
/// </summary>
internal sealed class ServerThreadingOptions
{
    public const string Section = "Gateway:Server";

    /// <summary>
    /// Run socket completions inline (.NET's <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>). Read once, at start;
    /// that environment variable, when set, wins.
    /// </summary>
    public bool InlineSocketCompletions { get; set; } = DefaultInlineSocketCompletions;

    /// <summary>The default of <see cref="InlineSocketCompletions"/>, which <c>SocketThreads</c> reads before options exist.</summary>
    public const bool DefaultInlineSocketCompletions = true;

    /// <summary>
    /// A request body, or a provider's whole answer, at least this large is parsed, counted and converted on the thread
    /// pool, not on a socket thread. Below it the work takes microseconds and the hand-over would cost more than it saves.
    /// </summary>
    [Range(0, 1L << 30)]
    public long OffloadBodyBytes { get; set; } = 64 * 1024;
}
