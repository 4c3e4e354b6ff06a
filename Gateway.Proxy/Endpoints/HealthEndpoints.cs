using Gateway.Proxy.Configuration;
using Gateway.Proxy.DatabaseSync;
using Gateway.Proxy.Health;
using Gateway.Proxy.Hosting;
using Gateway.Transforms;
using Yarp.ReverseProxy;

namespace Gateway.Proxy.Endpoints;

/// <summary>
/// <c>/healthz</c>: the process serves. <c>/readyz</c>: a catalog is loaded and the process is not stopping (200,
/// else 503 with <c>"status": "not_ready"</c> or <c>"stopping"</c>, see <see cref="ReadinessState"/>); the body says
/// "degraded" when no provider is in service or the database is away, which providers are in or out and why (ejected
/// destinations, a rejected credential, models cooling down, open circuits), and whether the last config edit was
/// rejected.
/// With a management port (<see cref="ManagementPort"/>) those details are served there only; the public
/// <c>/readyz</c> then says no more than ready or not.
/// </summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", ReadyAsync);
    }

    private static async Task ReadyAsync(
        HttpContext context, CatalogPublisher catalog, IProxyStateLookup proxy, ConfigReloadStatus config, DatabaseCatalogState database,
        ProviderHealthReport health, ManagementPort management, ReadinessState readiness)
    {
        var snapshot = catalog.Current;
        var notReady = NotReadyStatus(snapshot.Revision, readiness);
        if (management.IsConfigured && !management.IsManagement(context))
        {
            await ReadySummaryAsync(context, notReady).ConfigureAwait(false);
            return;
        }
        var outages = health.Capture();
        var anyAvailable = false;
        context.Response.ContentType = "application/json";
        using var buffer = new Gateway.Transforms.Buffers.PooledByteBufferWriter(1024);
        using (var json = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            json.WriteStartObject();
            json.WriteNumber("config_revision"u8, snapshot.Revision);
            json.WriteBoolean("last_config_edit_rejected"u8, config.LastErrors.Count > 0);
            json.WritePropertyName("providers"u8);
            json.WriteStartObject();
            foreach (var provider in snapshot.Catalog.Providers.Values)
            {
                json.WritePropertyName(provider.Id);
                json.WriteStartObject();
                var total = 0;
                if (proxy.TryGetCluster(Forwarding.ProxyIds.ProviderCluster(provider.Id), out var cluster))
                {
                    total = cluster.DestinationsState.AllDestinations.Count;
                    json.WritePropertyName("destinations"u8);
                    json.WriteStartObject();
                    foreach (var destination in cluster.DestinationsState.AllDestinations)
                    {
                        json.WriteString(destination.DestinationId, health.Describe(provider.Id, destination));
                    }
                    json.WriteEndObject();
                }
                var available = health.InService(provider, cluster);
                json.WriteNumber("available"u8, available);
                json.WriteNumber("total"u8, total);
                health.WriteOutages(json, provider, outages);
                json.WriteEndObject();
                anyAvailable |= available > 0;
            }
            json.WriteEndObject();
            json.WriteString("database"u8, database.Status switch
            {
                DatabaseStatus.NotConfigured => "not_configured",
                DatabaseStatus.Starting => "starting",
                DatabaseStatus.Connected => "connected",
                _ => "degraded",
            });
            if (database.LastLoadedAt is { } loadedAt)
            {
                json.WriteString("database_catalog_loaded_at"u8, loadedAt);
            }
            // Ready means "this replica can answer": with no provider in service it still answers (a 503 in
            // OpenAI's shape), so it stays in rotation rather than letting a provider outage empty the Service.
            // That, and serving from the last good catalog while the database is away, is "degraded".
            var degraded = !anyAvailable || database.Status is DatabaseStatus.Degraded or DatabaseStatus.Starting;
            json.WriteString("status"u8, notReady ?? (degraded ? "degraded" : "ready"));
            json.WriteEndObject();
            context.Response.StatusCode = notReady is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        }
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Why this replica should get no traffic (the 503's status), or null when it should: no catalog yet, shutting down
    /// (from SIGTERM on, so load balancers drain it while it still serves), or readiness held back (a warm-up).
    /// </summary>
    private static string? NotReadyStatus(long revision, ReadinessState readiness) =>
        readiness.IsStopping ? "stopping" : revision <= 0 || readiness.IsHeld ? "not_ready" : null;

    /// <summary>The public answer when a management port holds the details: provider ids and database state are not for clients.</summary>
    private static Task ReadySummaryAsync(HttpContext context, string? notReady)
    {
        context.Response.StatusCode = notReady is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(notReady switch
        {
            null => """{"status":"ready"}""",
            "stopping" => """{"status":"stopping"}""",
            _ => """{"status":"not_ready"}""",
        }, context.RequestAborted);
    }
}
