using Gateway.Proxy.Logging;
using Gateway.Proxy.Operations;
using Gateway.Proxy.Options;
using Gateway.Proxy.Pipeline;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Gateway.Proxy.Proxy;

/// <summary>
/// Takes a provider destination out after a failure YARP's built-in policy ignores: 429 (for the provider's
/// <c>Retry-After</c>), 5xx, a rejected credential, and transport failures. It comes back as "unknown" after the
/// cooldown, which the <c>HealthyAndUnknown</c> policy lets through again.
/// </summary>
internal sealed class GatewayPassiveHealthPolicy : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "GatewayPassive";

    private readonly IDestinationHealthUpdater _updater;
    private readonly IOptionsMonitor<PassiveHealthOptions> _options;
    private readonly ILogger<GatewayPassiveHealthPolicy> _logger;
    private readonly ProviderHealthJournal _journal;

    public GatewayPassiveHealthPolicy(IDestinationHealthUpdater updater, IOptionsMonitor<PassiveHealthOptions> options, ILogger<GatewayPassiveHealthPolicy> logger,
        ProviderHealthJournal journal)
    {
        _updater = updater;
        _options = options;
        _logger = logger;
        _journal = journal;
    }

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(destination);
        var attempt = context.Features.Get<GatewayRequestFeature>()?.Current;
        if (attempt is null)
        {
            return;
        }
        attempt.DestinationId = destination.DestinationId;
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        _journal.Attempted(attempt);
        var options = _options.CurrentValue;
        var (cooldown, reason) = attempt.Kind switch
        {
            AttemptOutcomeKind.TransportError => (options.TransportCooldownSeconds, "a transport failure"),
            AttemptOutcomeKind.MalformedAnswer => (options.ServerErrorCooldownSeconds, "a malformed answer"),
            AttemptOutcomeKind.UpstreamError when attempt.CredentialRejected => (options.AuthFailureCooldownSeconds, "a rejected credential"),
            AttemptOutcomeKind.UpstreamError => attempt.UpstreamStatus switch
            {
                429 => (Math.Min(attempt.RetryAfter?.TotalSeconds ?? options.RateLimitCooldownSeconds, options.MaxRetryAfterSeconds), "HTTP 429"),
                >= 500 => (options.ServerErrorCooldownSeconds, "an HTTP 5xx"),
                _ => (0, string.Empty),
            },
            _ => (0, string.Empty),
        };
        if (cooldown <= 0)
        {
            return;
        }
        GatewayLog.DestinationTakenOut(_logger, attempt.Target.Provider.Id, destination.DestinationId, cooldown, reason);
        _journal.TakenOut(attempt.Target.Provider.Id, destination.DestinationId, TimeSpan.FromSeconds(cooldown), reason);
        _updater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, TimeSpan.FromSeconds(cooldown));
    }
}
