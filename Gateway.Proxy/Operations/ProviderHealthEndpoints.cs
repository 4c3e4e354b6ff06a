using System.Buffers;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Dashboard.Hosting;
using Gateway.Transforms;

namespace Gateway.Proxy.Operations;

/// <summary>
/// Live provider health for admins: <c>GET /admin/v1/health</c> answers <see cref="HealthFeedWriter"/> once;
/// <c>GET /admin/v1/health/stream</c> sends it as a server-sent event (<c>event: health</c>) every
/// <c>Gateway:Dashboard:HealthStreamIntervalSeconds</c> until the client leaves or the gateway stops. Health is this
/// replica's view: each replica probes and cools down destinations on its own.
/// </summary>
internal static class ProviderHealthEndpoints
{
    public const string Path = "/admin/v1/health";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, GetAsync);
        endpoints.MapGet(Path + "/stream", StreamAsync);
    }

    private static async Task GetAsync(HttpContext context, HealthFeedWriter report)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        await WriteReportAsync(buffer, context, report, []).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task StreamAsync(HttpContext context, HealthFeedWriter report, IOptionsMonitor<DashboardOptions> options, IHostApplicationLifetime lifetime, TimeProvider time)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        // Reverse proxies (nginx) otherwise hold events back until a buffer fills.
        response.Headers["X-Accel-Buffering"] = "no";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var visibility = new Dictionary<Scope, bool>();
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                buffer.ResetWrittenCount();
                "event: health\ndata: "u8.CopyTo(buffer.GetSpan(20));
                buffer.Advance(20);
                // The JSON is written without indentation, so it is one line: one data field.
                await WriteReportAsync(buffer, context, report, visibility).ConfigureAwait(false);
                "\n\n"u8.CopyTo(buffer.GetSpan(2));
                buffer.Advance(2);
                await response.Body.WriteAsync(buffer.WrittenMemory, stop.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(options.CurrentValue.HealthStreamIntervalSeconds), time, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left or the gateway is stopping: the stream simply ends.
        }
    }

    private static async Task WriteReportAsync(IBufferWriter<byte> buffer, HttpContext context, HealthFeedWriter report, Dictionary<Scope, bool> visibility)
    {
        await using var json = new Utf8JsonWriter(buffer, JsonWriting.Options);
        await report.WriteAsync(json, context.AdminCaller(), visibility, context.RequestAborted).ConfigureAwait(false);
    }
}
