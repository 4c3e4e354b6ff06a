using System.Diagnostics;
using Gateway.Policies.Keys;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Usage;
using Gateway.Proxy.Kinds;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.RequestState;

/// <summary>Everything the gateway knows about one request (of any kind), from the key to the last attempt.</summary>
internal sealed class GatewayRequestFeature(string responseId, long created, GatewaySnapshot snapshot, GatewayKey? key) : IDisposable
{
    private readonly List<AttemptContext> _attempts = [];
    private List<SkippedCandidate>? _skipped;

    public string ResponseId { get; } = responseId;

    public long Created { get; } = created;

    /// <summary>The catalog this request started with; kept to the end whatever reloads happen.</summary>
    public GatewaySnapshot Snapshot { get; } = snapshot;

    public GatewayKey? Key { get; } = key;

    public long StartTimestamp { get; } = Stopwatch.GetTimestamp();

    /// <summary>Wall-clock start: the usage record's time, and the time whose prices apply.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The client's body, which <see cref="Request"/> parses in place.</summary>
    public PooledByteBufferWriter? RequestBody { get; set; }

    /// <summary>The endpoint this request came in on (chat, embeddings, …): the per-kind parts of the pipeline.</summary>
    internal EndpointKind Kind { get; init; } = null!;

    /// <summary>The parsed request, of whatever kind (<see cref="Request"/> is it for chat).</summary>
    public IGatewayRequest? Parsed { get; set; }

    /// <summary>The parsed chat request, or a front door's chat translation (<see cref="IChatTranslatedRequest"/>); null for other kinds.</summary>
    public ChatRequest? Request
    {
        get => Parsed as ChatRequest ?? (Parsed as IChatTranslatedRequest)?.Chat;
        set => Parsed = value;
    }

    public RoutePlan? Plan { get; set; }

    /// <summary>What routing decided: policy, ordered candidates, and the candidates dropped with their reasons.</summary>
    public RoutingDecision? Decision { get; set; }

    public AttemptContext? Current { get; private set; }

    private Func<GatewayRequestFeature, RequestAccount>? _settle;
    private Action<GatewayRequestFeature>? _onUsageKnown;
    private int _usageReported;

    /// <summary>
    /// What the request used and cost, settled once when its usage is known (<see cref="ReportUsageKnown"/>); null
    /// before. Quota settlement, the usage record and the metrics all read it.
    /// </summary>
    public RequestAccount? Account { get; private set; }

    /// <summary>Sets what settles <see cref="Account"/> (the <see cref="RequestAccountant"/>).</summary>
    public void SettleWith(Func<GatewayRequestFeature, RequestAccount> settle) => _settle = settle;

    /// <summary>
    /// Called once, after <see cref="Account"/> is settled, as soon as the served attempt's usage is known: for a whole
    /// answer before its body is sent, for a stream when it ends, before its last bytes reach the client — so a
    /// client's next request already sees it (quotas settle here). If the request fails, it is called when the request ends.
    /// </summary>
    public void OnUsageKnown(Action<GatewayRequestFeature> callback) => _onUsageKnown = callback;

    public void ReportUsageKnown()
    {
        if (Interlocked.Exchange(ref _usageReported, 1) == 0)
        {
            Account = _settle?.Invoke(this);
            _onUsageKnown?.Invoke(this);
        }
    }

    public IReadOnlyList<AttemptContext> Attempts => _attempts;

    /// <summary>Candidates passed over without an attempt, and why (for the usage record's routing decision).</summary>
    public IReadOnlyList<SkippedCandidate> Skipped => (IReadOnlyList<SkippedCandidate>?)_skipped ?? [];

    /// <summary>The answer as sent to the client, kept only for keys whose environment stores bodies (capped).</summary>
    public PooledByteBufferWriter? ResponseCapture { get; set; }

    /// <summary>What the response cache decided for this request; null when its alias is not cached.</summary>
    internal Cache.ResponseCacheRequest? Cache { get; set; }

    public void Skip(RouteTarget target, string reason, DateTimeOffset? backAt = null) => (_skipped ??= []).Add(new SkippedCandidate(target, reason, backAt));

    public AttemptContext Begin(AttemptContext attempt)
    {
        _attempts.Add(attempt);
        Current = attempt;
        return attempt;
    }

    public void Dispose()
    {
        Parsed?.Dispose();
        RequestBody?.Dispose();
        ResponseCapture?.Dispose();
        foreach (var attempt in _attempts)
        {
            attempt.Dispose();
        }
    }
}
