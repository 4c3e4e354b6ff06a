using System.Diagnostics;
using Gateway.Proxy.Forwarding;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;

namespace Gateway.Proxy.RequestState;

/// <summary>One try at one provider: what was sent, and how it ended.</summary>
internal sealed class AttemptContext(int number, RouteTarget target, IProviderAdapter adapter, UpstreamTarget upstream, ResponseContext response) : IDisposable
{
    public int Number { get; } = number;

    public RouteTarget Target { get; } = target;

    public IProviderAdapter Adapter { get; } = adapter;

    public UpstreamTarget Upstream { get; } = upstream;

    public ResponseContext Response { get; } = response;

    public ResponseOutcome Outcome { get; } = new();

    /// <summary>The provider's request body, written once per attempt.</summary>
    public PooledByteBufferWriter Body { get; } = new(4096);

    public AttemptOutcomeKind Kind { get; set; }

    public int? UpstreamStatus { get; set; }

    /// <summary>The error the client would see if this were the last attempt.</summary>
    public GatewayError? Error { get; set; }

    public TimeSpan? RetryAfter { get; set; }

    /// <summary>The provider rejected our credential, by its adapter's reading of the answer (whatever the status).</summary>
    public bool CredentialRejected { get; set; }

    /// <summary>For an error answer: what it is about, which decides what it counts against (<see cref="UpstreamFailureScope"/>).</summary>
    public UpstreamFailureScope? FailureScope { get; set; }

    /// <summary>The destination (base URL) the forwarder sent this attempt to.</summary>
    public string? DestinationId { get; set; }

    /// <summary>Set when this attempt was sent although its candidate was out (every candidate was): why it was out.</summary>
    public string? PanicReason { get; set; }

    /// <summary>For a converted whole answer: the content type the client gets (the kind's pick from the provider's); null for JSON.</summary>
    public string? AnswerContentType { get; set; }

    public long StartTimestamp { get; } = Stopwatch.GetTimestamp();

    public long HeadersTimestamp { get; set; }

    public long EndTimestamp { get; set; }

    /// <summary>Failures that another provider may not have: worth moving on for.</summary>
    public bool IsRetryable => Kind switch
    {
        AttemptOutcomeKind.TransportError or AttemptOutcomeKind.MalformedAnswer or AttemptOutcomeKind.Skipped => true,
        AttemptOutcomeKind.UpstreamError => CredentialRejected || UpstreamStatus is not (400 or 413 or 422),
        _ => false,
    };

    /// <summary>The body as this attempt's last send handed it to the HTTP client; null when it was streamed.</summary>
    public UpstreamBodyContent? UpstreamContent { get; set; }

    public void Dispose()
    {
        if (UpstreamContent is { } sent)
        {
            sent.ReleaseAfterSend(Body);
            return;
        }
        Body.Dispose();
    }
}
