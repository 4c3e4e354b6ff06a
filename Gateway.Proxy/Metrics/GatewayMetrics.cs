using System.Collections.Concurrent;
using Gateway.Transforms.Usage;
using Prometheus;

namespace Gateway.Proxy.Metrics;

/// <summary>
/// The gateway's Prometheus series. Label values are config ids and model names, never client input: a requested model
/// arrives here already reduced by <see cref="MetricLabels.RequestedModel"/>.
/// </summary>
internal sealed class GatewayMetrics(MetricsRegistry metrics)
{
    internal static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Counter _requests = metrics.Factory.CreateCounter(
        "gateway_requests_total", "Chat requests by requested model, serving provider and HTTP status.", labelNames: ["model", "provider", "status"]);

    private readonly Histogram _duration = metrics.Factory.CreateHistogram(
        "gateway_request_duration_seconds", "Time from request start to the last byte, as the client sees it.",
        new HistogramConfiguration { LabelNames = ["model", "provider", "stream"], Buckets = LatencyBuckets });

    private readonly Histogram _upstream = metrics.Factory.CreateHistogram(
        "gateway_upstream_duration_seconds", "Time spent in the serving provider's attempt.",
        new HistogramConfiguration { LabelNames = ["provider"], Buckets = LatencyBuckets });

    private readonly Histogram _firstToken = metrics.Factory.CreateHistogram(
        "gateway_time_to_first_token_seconds", "Time from request start to the first generated token.",
        new HistogramConfiguration { LabelNames = ["model", "provider"], Buckets = LatencyBuckets });

    private readonly Counter _tokens = metrics.Factory.CreateCounter(
        "gateway_tokens_total", "Tokens by direction (prompt, completion, cached).", labelNames: ["model", "provider", "direction"]);

    private readonly Counter _attempts = metrics.Factory.CreateCounter(
        "gateway_upstream_attempts_total", "Provider attempts by outcome.", labelNames: ["provider", "outcome"]);

    // Team ids are bounded (the database's teams); keys, users and other client-chosen strings never become labels.
    private readonly Counter _usageTokens = metrics.Factory.CreateCounter(
        "gateway_usage_tokens_total", "Billed tokens by served model, provider, team and kind (prompt, completion, cached_read, cache_write, reasoning).", labelNames: ["model", "provider", "team", "kind"]);

    private readonly Counter _usageCost = metrics.Factory.CreateCounter(
        "gateway_usage_cost_usd_total", "Billed cost in US dollars by served model, provider and team.", labelNames: ["model", "provider", "team"]);

    private readonly Counter _estimated = metrics.Factory.CreateCounter(
        "gateway_usage_estimated_total", "Billed attempts whose tokens were (partly) estimated, by provider: no usage reported, or a stream cut short.", labelNames: ["provider"]);

    private readonly Counter _failovers = metrics.Factory.CreateCounter(
        "gateway_failovers_total", "Requests served by other than their first candidate.", labelNames: ["model"]);

    private readonly Gauge _inFlight = metrics.Factory.CreateGauge(
        "gateway_requests_in_flight", "Chat requests being served right now.");

    // Both series exist from the start, so increase() sees the first rejection too.
    private readonly Counter _configReloads = MetricsRegistry.WithSeries(metrics.Factory.CreateCounter(
        "gateway_config_reloads_total", "Config and catalog reloads by result (accepted, rejected).", labelNames: ["result"]), "accepted", "rejected");

    private readonly Gauge _configRevision = metrics.Factory.CreateGauge(
        "gateway_config_revision", "The catalog revision in force.");

    private readonly Gauge _configRejected = metrics.Factory.CreateGauge(
        "gateway_config_last_reload_rejected", "1 while the last config edit was rejected and an older config serves.");

    private readonly Gauge _availableDestinations = metrics.Factory.CreateGauge(
        "gateway_provider_available_destinations", "Destinations of a provider currently in service (0 = the provider is out).", labelNames: ["provider"]);

    // The label children of the per-request series, bound once per label combination: looking a child up by its
    // label values hashes them all and rents an array, ~10 times a request (bench/README.md, "metrics").
    private readonly ConcurrentDictionary<(string Model, string Provider, int Status), Counter.Child> _requestChildren = new();
    private readonly ConcurrentDictionary<(string Model, string Provider, bool Stream), Histogram.Child> _durationChildren = new();
    private readonly ConcurrentDictionary<string, Histogram.Child> _upstreamChildren = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Model, string Provider), Histogram.Child> _firstTokenChildren = new();
    private readonly ConcurrentDictionary<(string Model, string Provider, string Direction), Counter.Child> _tokenChildren = new();
    private readonly ConcurrentDictionary<(string Model, string Provider, Guid? Team, string Kind), Counter.Child> _usageTokenChildren = new();
    private readonly ConcurrentDictionary<(string Model, string Provider, Guid? Team), Counter.Child> _usageCostChildren = new();
    private readonly ConcurrentDictionary<string, Counter.Child> _estimatedChildren = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Provider, string Outcome), Counter.Child> _attemptChildren = new();

    public IDisposable TrackInFlight() => _inFlight.TrackInProgress();

    public void ConfigAccepted(long revision)
    {
        _configReloads.WithLabels("accepted").Inc();
        _configRevision.Set(revision);
    }

    public void ConfigRejected() => _configReloads.WithLabels("rejected").Inc();

    /// <summary>Follows the config file's state: a database-driven rebuild does not make a rejected edit good.</summary>
    public void ConfigEditRejected(bool rejected) => _configRejected.Set(rejected ? 1 : 0);

    public void AvailableDestinations(string provider, int count) => _availableDestinations.WithLabels(provider).Set(count);

    /// <summary>Drops the series of a provider that is no longer configured, so alerts do not fire on a ghost.</summary>
    public void ProviderRemoved(string provider) => _availableDestinations.RemoveLabelled(provider);

    public void Request(string model, string provider, int status, bool stream, double seconds)
    {
        _requestChildren.GetOrAdd((model, provider, status), static (key, counter) => counter.WithLabels(key.Model, key.Provider, StatusLabel(key.Status)), _requests).Inc();
        _durationChildren.GetOrAdd((model, provider, stream), static (key, histogram) => histogram.WithLabels(key.Model, key.Provider, key.Stream ? "true" : "false"), _duration)
            .Observe(seconds);
    }

    public void Upstream(string provider, double seconds) =>
        _upstreamChildren.GetOrAdd(provider, static (key, histogram) => histogram.WithLabels(key), _upstream).Observe(seconds);

    public void FirstToken(string model, string provider, double seconds) =>
        _firstTokenChildren.GetOrAdd((model, provider), static (key, histogram) => histogram.WithLabels(key.Model, key.Provider), _firstToken).Observe(seconds);

    public void Tokens(string model, string provider, int prompt, int completion, int cached)
    {
        // Counters refuse to go down; a count below zero is a provider's bug and is not counted.
        if (prompt > 0)
        {
            TokenChild(model, provider, "prompt").Inc(prompt);
        }
        if (completion > 0)
        {
            TokenChild(model, provider, "completion").Inc(completion);
        }
        if (cached > 0)
        {
            TokenChild(model, provider, "cached").Inc(cached);
        }
    }

    /// <summary>One billed attempt. <paramref name="model"/> is the served model, which the provider accepted (so bounded).</summary>
    public void Usage(string model, string provider, Guid? team, in TokenUsage tokens, decimal cost, bool estimated)
    {
        AddTokens(model, provider, team, "prompt", tokens.PromptTokens);
        AddTokens(model, provider, team, "completion", tokens.CompletionTokens);
        AddTokens(model, provider, team, "cached_read", tokens.CachedReadTokens);
        AddTokens(model, provider, team, "cache_write", tokens.CacheWriteTokens);
        AddTokens(model, provider, team, "reasoning", tokens.ReasoningTokens);
        if (cost > 0)
        {
            _usageCostChildren.GetOrAdd((model, provider, team), static (key, counter) => counter.WithLabels(key.Model, key.Provider, TeamLabel(key.Team)), _usageCost)
                .Inc((double)cost);
        }
        if (estimated)
        {
            _estimatedChildren.GetOrAdd(provider, static (key, counter) => counter.WithLabels(key), _estimated).Inc();
        }
    }

    public void Attempt(string provider, string outcome) =>
        _attemptChildren.GetOrAdd((provider, outcome), static (key, counter) => counter.WithLabels(key.Provider, key.Outcome), _attempts).Inc();

    public void Failover(string model) => _failovers.WithLabels(model).Inc();

    private Counter.Child TokenChild(string model, string provider, string direction) =>
        _tokenChildren.GetOrAdd((model, provider, direction), static (key, counter) => counter.WithLabels(key.Model, key.Provider, key.Direction), _tokens);

    private void AddTokens(string model, string provider, Guid? team, string kind, int count)
    {
        if (count > 0)
        {
            _usageTokenChildren.GetOrAdd((model, provider, team, kind), static (key, counter) => counter.WithLabels(key.Model, key.Provider, TeamLabel(key.Team), key.Kind), _usageTokens)
                .Inc(count);
        }
    }

    private static string TeamLabel(Guid? team) => team is { } id ? id.ToString() : "none";

    private static string StatusLabel(int status) => status switch
    {
        200 => "200",
        400 => "400",
        401 => "401",
        404 => "404",
        429 => "429",
        500 => "500",
        502 => "502",
        503 => "503",
        504 => "504",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
