using Gateway.Policies.Resilience;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.DatabaseSync;
using Gateway.Proxy.Health;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Gateway.Proxy.Operations;

/// <summary>
/// The dashboard's live health feed: this replica's picture of provider health as JSON, per provider its
/// destinations (in service, ejected and until when), what else is out (the credential, models cooling down after a
/// 429: the health model's <see cref="ProviderHealthReport"/> writes those), its circuits per model and the last
/// failure it saw; plus the database's state. A scoped admin sees global providers and those of its scopes.
/// </summary>
internal sealed class HealthFeedWriter(
    CatalogPublisher catalog, IProxyStateLookup proxy, CircuitBreakerRegistry circuits, ProviderFailureJournal failures,
    ProviderHealthReport health, DestinationOutlierDetector destinations, DatabaseCatalogState database, ScopeResolver scopes, TimeProvider time)
{
    private readonly CatalogPublisher _catalog = catalog;
    private readonly IProxyStateLookup _proxy = proxy;
    private readonly CircuitBreakerRegistry _circuits = circuits;
    private readonly ProviderFailureJournal _failures = failures;
    private readonly ProviderHealthReport _health = health;
    private readonly DestinationOutlierDetector _destinations = destinations;
    private readonly DatabaseCatalogState _database = database;
    private readonly ScopeResolver _scopes = scopes;
    private readonly TimeProvider _time = time;

    /// <summary>
    /// Writes the report. <paramref name="visibility"/> remembers, across the reports of one stream, which tenant
    /// providers the caller may see, so each is looked up once.
    /// </summary>
    public async Task WriteAsync(Utf8JsonWriter json, AdminCaller caller, Dictionary<Scope, bool> visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(visibility);
        var snapshot = _catalog.Current;
        var now = _time.GetUtcNow();
        var circuits = _circuits.Snapshot().ToLookup(circuit => circuit.ProviderId, StringComparer.Ordinal);
        var outages = _health.Capture();
        json.WriteStartObject();
        json.WriteString("object"u8, "health"u8);
        json.WriteString("at"u8, now);
        json.WriteNumber("config_revision"u8, snapshot.Revision);
        json.WriteString("database"u8, _database.Status switch
        {
            DatabaseStatus.NotConfigured => "not_configured",
            DatabaseStatus.Starting => "starting",
            DatabaseStatus.Connected => "connected",
            _ => "degraded",
        });
        json.WritePropertyName("providers"u8);
        json.WriteStartArray();
        foreach (var provider in snapshot.Catalog.Providers.Values.OrderBy(provider => provider.Id, StringComparer.Ordinal))
        {
            if (!await IsVisibleAsync(caller, provider.Scope, visibility, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }
            WriteProvider(json, provider, circuits[provider.Id], outages, now);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteProvider(Utf8JsonWriter json, ProviderDefinition provider, IEnumerable<CircuitBreakerSnapshot> circuits, HealthOutages outages, DateTimeOffset now)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, provider.Id);
        json.WriteString("kind"u8, provider.Kind);
        json.WriteString("scope"u8, provider.Scope.ToString());
        var available = 0;
        var total = 0;
        json.WritePropertyName("destinations"u8);
        json.WriteStartArray();
        if (_proxy.TryGetCluster(Forwarding.ProxyIds.ProviderCluster(provider.Id), out var cluster))
        {
            available = _health.InService(provider, cluster);
            total = cluster.DestinationsState.AllDestinations.Count;
            foreach (var destination in cluster.DestinationsState.AllDestinations)
            {
                WriteDestination(json, provider.Id, destination);
            }
        }
        json.WriteEndArray();
        json.WriteNumber("available"u8, available);
        json.WriteNumber("total"u8, total);
        json.WriteString("status"u8, total == 0 || available == 0 ? "out_of_service" : available < total ? "degraded" : "in_service");
        _health.WriteOutages(json, provider, outages, withCircuits: false);
        json.WritePropertyName("circuits"u8);
        json.WriteStartArray();
        foreach (var circuit in circuits.OrderBy(circuit => circuit.Model, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, circuit.Model);
            json.WriteString("state"u8, circuit.State switch
            {
                CircuitState.Open => "open",
                CircuitState.HalfOpen => "half_open",
                _ => "closed",
            });
            if (circuit.State == CircuitState.Open)
            {
                json.WriteString("probe_at"u8, now + circuit.RetryAfter);
            }
            json.WriteNumber("failures_in_window"u8, circuit.FailuresInWindow);
            json.WriteNumber("results_in_window"u8, circuit.ResultsInWindow);
            json.WriteNumber("times_opened"u8, circuit.TimesOpened);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (_failures.LastFailure(provider.Id) is { } failure)
        {
            json.WritePropertyName("last_error"u8);
            json.WriteStartObject();
            json.WriteString("at"u8, failure.At);
            json.WriteString("model"u8, failure.Model);
            json.WriteString("destination"u8, failure.DestinationId);
            json.WriteString("outcome"u8, failure.Outcome);
            if (failure.Status is { } status)
            {
                json.WriteNumber("status"u8, status);
            }
            json.WriteString("code"u8, failure.ErrorCode);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("last_error"u8);
        }
        json.WriteEndObject();
    }

    private void WriteDestination(Utf8JsonWriter json, string providerId, DestinationState destination)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, destination.DestinationId);
        json.WriteString("address"u8, destination.Model.Config.Address);
        json.WriteString("health"u8, _health.Describe(providerId, destination));
        json.WriteString("active"u8, Describe(destination.Health.Active));
        if (_destinations.TryGetEjection(providerId, destination.DestinationId, out var ejection))
        {
            json.WriteString("cooldown_until"u8, ejection.Until);
            json.WriteString("cooldown_reason"u8, ejection.Reason);
        }
        json.WriteEndObject();
    }

    private async ValueTask<bool> IsVisibleAsync(AdminCaller caller, Scope scope, Dictionary<Scope, bool> visibility, CancellationToken cancellationToken)
    {
        if (caller.IsGlobal || scope.IsGlobal)
        {
            return true;
        }
        if (!visibility.TryGetValue(scope, out var visible))
        {
            var chain = await _scopes.ResolveAsync(scope, cancellationToken).ConfigureAwait(false);
            visible = chain is { } found && caller.Covers(found);
            visibility[scope] = visible;
        }
        return visible;
    }

    private static string Describe(DestinationHealth health) => health switch
    {
        DestinationHealth.Healthy => "healthy",
        DestinationHealth.Unhealthy => "unhealthy",
        _ => "unknown",
    };
}
