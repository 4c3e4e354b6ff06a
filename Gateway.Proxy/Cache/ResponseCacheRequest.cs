namespace Gateway.Proxy.Cache;

/// <summary>
/// What the cache decided for one request of a cached alias (<see cref="GatewayRequestFeature.Cache"/>), and the hooks
/// the answer's conversion calls to store it: as soon as a whole answer is converted, or a stream's last event is
/// handed on — before the client has the end of it, so its next request finds the entry.
/// </summary>
internal sealed class ResponseCacheRequest(ResponseCache cache)
{
    private int _stored;

    /// <summary>The alias as a metric label.</summary>
    public required string Alias { get; init; }

    /// <summary>The <c>x-gateway-cache</c> value.</summary>
    public string Status { get; set; } = ResponseCacheStatus.Bypass;

    /// <summary>The request's key; null when the request is neither looked up nor stored.</summary>
    public byte[]? Key { get; set; }

    /// <summary>Store a complete answer under <see cref="Key"/>.</summary>
    public bool Store { get; set; }

    public TimeSpan Ttl { get; set; }

    /// <summary>The largest answer stored.</summary>
    public int MaxEntryBytes { get; init; }

    /// <summary>How much of a stream is captured to assemble its answer from (one more than stored, to tell a longer one).</summary>
    public int StreamCaptureLimit { get; init; }

    /// <summary>The entry served, on a hit.</summary>
    public ResponseCacheEntry? Hit { get; set; }

    /// <summary>A copy of a whole answer as converted (before OpenRouter's cost is added) when it is to be stored; else null.</summary>
    public byte[]? CopyWholeAnswer(ReadOnlySpan<byte> answer) => Store && Hit is null && answer.Length <= MaxEntryBytes ? answer.ToArray() : null;

    /// <summary>A whole answer was converted and its usage settled: stored if complete.</summary>
    public void WholeAnswerConverted(GatewayRequestFeature feature, AttemptContext attempt, byte[]? answer)
    {
        if (Store && Interlocked.Exchange(ref _stored, 1) == 0)
        {
            cache.Store(feature, this, attempt, answer, stream: false);
        }
    }

    /// <summary>A stream has ended and its last bytes are going to the client: its captured events are assembled and stored if complete.</summary>
    public void StreamDrained(GatewayRequestFeature feature, AttemptContext attempt)
    {
        if (Store && Interlocked.Exchange(ref _stored, 1) == 0)
        {
            cache.Store(feature, this, attempt, answer: null, stream: true);
        }
    }
}
