using System.Net;

namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>
/// The warm-up's provider: an OpenAI-compatible chat endpoint on a loopback port of its own, answering with a fixed
/// completion, whole or streamed (20 content chunks, the finish chunk and the usage chunk), as OpenAI's wire format
/// has them.
/// </summary>
internal sealed class WarmUpProvider : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WarmUpProvider(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The provider's base URL, as a config's <c>BaseUrl</c> takes it (ending in <c>/v1</c>).</summary>
    public Uri BaseAddress { get; }

    public static async Task<WarmUpProvider> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, WarmUpHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        // Every request is a chat completion: no routing, whose code the gateway's requests would not need compiled.
        app.Run(AnswerAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Urls.First();
        return new WarmUpProvider(app, new Uri(address.TrimEnd('/') + "/v1"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        using var request = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var stream = request.RootElement.TryGetProperty("stream", out var flag) && flag.ValueKind == JsonValueKind.True;
        context.Response.StatusCode = 200;
        context.Response.Headers.Append("x-request-id", "req_warmup");
        if (!stream)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(WarmUpAnswers.Whole, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        foreach (var chunk in WarmUpAnswers.Events)
        {
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }
}
