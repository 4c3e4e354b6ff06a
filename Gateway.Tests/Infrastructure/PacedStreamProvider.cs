using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A provider that streams <see cref="Words"/> words, one event every <see cref="Interval"/>, in OpenAI's format
/// (<c>/v1/chat/completions</c>: a final usage chunk unless the model's name says <c>no-usage</c>) or Anthropic's
/// (<c>/v1/messages</c>: input usage at <c>message_start</c>, the output count at <c>message_delta</c>), so a client
/// can leave at any point of a stream with or without the provider's usage. Records whether the gateway hung up.
/// </summary>
public sealed class PacedStreamProvider : IAsyncDisposable
{
    public const string Word = "hello ";
    public const int PromptTokens = 31;

    private readonly TaskCompletionSource _hungUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer? _server;
    private int _wordsSent;

    private PacedStreamProvider(int words, TimeSpan interval)
    {
        Words = words;
        Interval = interval;
    }

    public string Url => _server?.Url ?? throw new InvalidOperationException("The provider is not started yet.");

    public int Words { get; }

    public TimeSpan Interval { get; }

    /// <summary>What the provider reports as the completion's tokens.</summary>
    public int CompletionTokens => 2 * Words;

    /// <summary>Words written to the gateway, over every stream.</summary>
    public int WordsSent => Volatile.Read(ref _wordsSent);

    /// <summary>Completes when the gateway first closed a stream before it ended.</summary>
    public Task HungUp => _hungUp.Task;

    public static async Task<PacedStreamProvider> StartAsync(int words = 12, TimeSpan? interval = null)
    {
        var provider = new PacedStreamProvider(words, interval ?? TimeSpan.FromMilliseconds(8));
        provider._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v1/chat/completions", provider.OpenAiAsync);
            app.MapPost("/v1/messages", provider.AnthropicAsync);
        });
        return provider;
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task OpenAiAsync(HttpContext context)
    {
        var model = await ModelAsync(context);
        await StreamAsync(context, async send =>
        {
            for (var i = 0; i < Words; i++)
            {
                await send($"data: {{\"id\":\"paced-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"{model}\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{Word}\"}},\"finish_reason\":null}}]}}\n\n", true);
            }
            await send($"data: {{\"id\":\"paced-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"{model}\",\"choices\":[{{\"index\":0,\"delta\":{{}},\"finish_reason\":\"stop\"}}]}}\n\n", false);
            if (!model.Contains("no-usage", StringComparison.Ordinal))
            {
                await send($"data: {{\"id\":\"paced-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"{model}\",\"choices\":[],\"usage\":{{\"prompt_tokens\":{PromptTokens},\"completion_tokens\":{CompletionTokens},\"total_tokens\":{PromptTokens + CompletionTokens}}}}}\n\n", false);
            }
            await send("data: [DONE]\n\n", false);
        });
    }

    private async Task AnthropicAsync(HttpContext context)
    {
        var model = await ModelAsync(context);
        await StreamAsync(context, async send =>
        {
            await send($"event: message_start\ndata: {{\"type\":\"message_start\",\"message\":{{\"id\":\"msg_paced\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"{model}\",\"stop_reason\":null,\"usage\":{{\"input_tokens\":{PromptTokens},\"output_tokens\":1}}}}}}\n\n", false);
            await send("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n", false);
            for (var i = 0; i < Words; i++)
            {
                await send($"event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"{Word}\"}}}}\n\n", true);
            }
            await send("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n", false);
            await send($"event: message_delta\ndata: {{\"type\":\"message_delta\",\"delta\":{{\"stop_reason\":\"end_turn\",\"stop_sequence\":null}},\"usage\":{{\"output_tokens\":{CompletionTokens}}}}}\n\n", false);
            await send("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", false);
        });
    }

    private static async Task<string> ModelAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        return body.RootElement.GetProperty("model").GetString()!;
    }

    /// <summary>Sends each event at once (counting the words), then waits an interval; a gateway that hung up ends it.</summary>
    private async Task StreamAsync(HttpContext context, Func<Func<string, bool, Task>, Task> events)
    {
        context.Response.ContentType = "text/event-stream";
        try
        {
            await events(async (text, word) =>
            {
                await LoopbackServer.SendAsync(context, text);
                if (word)
                {
                    Interlocked.Increment(ref _wordsSent);
                }
                await Task.Delay(Interval, context.RequestAborted);
            });
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            _hungUp.TrySetResult();
        }
    }
}
