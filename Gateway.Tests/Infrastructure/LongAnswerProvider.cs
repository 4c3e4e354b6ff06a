using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// An OpenAI-compatible provider whose answers take as long as the model's name says: <c>words-N-every-Mms</c> streams
/// N words (<see cref="Word"/>), one every M ms, then a finish chunk, the usage chunk and <c>[DONE]</c>; asked for a
/// whole answer, it sends one after N × M ms. For tests of what happens to answers in flight (a shutdown's drain).
/// </summary>
public sealed partial class LongAnswerProvider : IAsyncDisposable
{
    public const string Word = "hello ";
    public const int PromptTokens = 11;

    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private LoopbackServer? _server;
    private int _received;

    private LongAnswerProvider()
    {
    }

    public string Url => _server?.Url ?? throw new InvalidOperationException("The provider is not started yet.");

    /// <summary>The model name for an answer of <paramref name="words"/> words, one every <paramref name="every"/>.</summary>
    public static string Model(int words, TimeSpan every) =>
        string.Create(CultureInfo.InvariantCulture, $"words-{words}-every-{(int)every.TotalMilliseconds}ms");

    public static async Task<LongAnswerProvider> StartAsync()
    {
        var provider = new LongAnswerProvider();
        provider._server = await LoopbackServer.StartAsync(app => app.MapPost("/v1/chat/completions", provider.AnswerAsync));
        return provider;
    }

    /// <summary>Requests received so far, over all tests.</summary>
    public int ReceivedCount
    {
        get
        {
            lock (_gate)
            {
                return _received;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> requests have arrived in all.</summary>
    public Task Received(int count)
    {
        lock (_gate)
        {
            if (_received >= count)
            {
                return Task.CompletedTask;
            }
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task AnswerAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var model = body.RootElement.GetProperty("model").GetString()!;
        var stream = body.RootElement.TryGetProperty("stream", out var flag) && flag.GetBoolean();
        var match = ModelPattern().Match(model);
        var words = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var every = TimeSpan.FromMilliseconds(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        Arrived();
        try
        {
            if (stream)
            {
                await StreamAsync(context, model, words, every);
            }
            else
            {
                await Task.Delay(every * words, context.RequestAborted);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(
                    $$$"""{"id":"long-1","object":"chat.completion","created":1,"model":"{{{model}}}","choices":[{"index":0,"message":{"role":"assistant","content":"{{{string.Concat(Enumerable.Repeat(Word, words))}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":{{{PromptTokens}}},"completion_tokens":{{{words}}},"total_tokens":{{{PromptTokens + words}}}}}""",
                    context.RequestAborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The gateway hung up.
        }
    }

    private static async Task StreamAsync(HttpContext context, string model, int words, TimeSpan every)
    {
        context.Response.ContentType = "text/event-stream";
        for (var i = 0; i < words; i++)
        {
            await SendAsync(context, $$"""data: {"id":"long-1","object":"chat.completion.chunk","created":1,"model":"{{model}}","choices":[{"index":0,"delta":{"content":"{{Word}}"},"finish_reason":null}]}""");
            await Task.Delay(every, context.RequestAborted);
        }
        await SendAsync(context, $$"""data: {"id":"long-1","object":"chat.completion.chunk","created":1,"model":"{{model}}","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");
        await SendAsync(context, $$$"""data: {"id":"long-1","object":"chat.completion.chunk","created":1,"model":"{{{model}}}","choices":[],"usage":{"prompt_tokens":{{{PromptTokens}}},"completion_tokens":{{{words}}},"total_tokens":{{{PromptTokens + words}}}}}""");
        await SendAsync(context, "data: [DONE]");
    }

    private static Task SendAsync(HttpContext context, string line) => LoopbackServer.SendAsync(context, line + "\n\n");

    private void Arrived()
    {
        lock (_gate)
        {
            _received++;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_received >= _waiters[i].Count)
                {
                    _waiters[i].Reached.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    [GeneratedRegex(@"^words-(\d+)-every-(\d+)ms$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelPattern();
}
