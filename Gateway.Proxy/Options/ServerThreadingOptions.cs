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
    /// Run each request's own work on the thread that read it (Kestrel's <c>UnsafePreferInlineScheduling</c>): parsing
    /// it, the gateway's middleware, and sending the answer, instead of handing the request to the thread pool when it
    /// arrives and the answer to Kestrel's I/O queue when it is written. Two thread hand-overs fewer a request: at 200
    /// requests a second the median latency falls by about a fifth (bench/README.md, "sixteenth round"). The same rule
    /// as for inline completions holds: nothing may block its thread. Read once, at start.
    /// </summary>
    public bool InlineRequestScheduling { get; set; } = DefaultInlineRequestScheduling;

    /// <summary>The default of <see cref="InlineRequestScheduling"/>, read before options exist.</summary>
    public const bool DefaultInlineRequestScheduling = true;

    /// <summary>
    /// A converted stream's events are written to the client without a flush while the provider has more ready, and
    /// flushed when the next read from the provider would wait, so events that arrive together leave in one send. Past
    /// this many unflushed bytes they are flushed anyway (so a slow client holds back the provider's stream).
    /// </summary>
    [Range(1, 1 << 24)]
    public int StreamFlushBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// A request body, or a provider's whole answer, at least this large is parsed, counted and converted on the thread
    /// pool, not on a socket thread. Below it the work takes microseconds and the hand-over would cost more than it saves.
    /// </summary>
    [Range(0, 1L << 30)]
    public long OffloadBodyBytes { get; set; } = 64 * 1024;
}
