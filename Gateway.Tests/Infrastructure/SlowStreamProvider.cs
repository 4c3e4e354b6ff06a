using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An OpenAI-compatible provider that streams one word every <see cref="Interval"/> (up to <see cref="MaxChunks"/>) and
/// never sends usage, so a client can leave mid-stream. Records whether the gateway hung up on it.
/// </summary>
public sealed class SlowStreamProvider : IAsyncDisposable
{
    public const string Word = "hello ";
    public const int MaxChunks = 400;
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    private readonly WebApplication _app;
    private int _chunksSent;
    private readonly TaskCompletionSource _hungUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SlowStreamProvider(WebApplication app)
    {
        _app = app;
    }

    public string Url { get; private set; } = "";

    /// <summary>Chunks written to the gateway (each carries <see cref="Word"/>).</summary>
    public int ChunksSent => Volatile.Read(ref _chunksSent);

    /// <summary>Completes when the gateway closed the stream before it ended.</summary>
    public Task HungUp => _hungUp.Task;

    public static async Task<SlowStreamProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new SlowStreamProvider(app);
        app.MapPost("/v1/chat/completions", provider.StreamAsync);
        await app.StartAsync();
        provider.Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        try
        {
            for (var i = 0; i < MaxChunks; i++)
            {
                var chunk = $"data: {{\"id\":\"slow-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"slow-model\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{Word}\"}},\"finish_reason\":null}}]}}\n\n";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(chunk), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                Interlocked.Increment(ref _chunksSent);
                await Task.Delay(Interval, context.RequestAborted);
            }
            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            _hungUp.TrySetResult();
        }
        catch (IOException)
        {
            _hungUp.TrySetResult();
        }
    }
}
