namespace Gateway.Tests.EndToEnd;

/// <summary>
/// A provider stream's events are bounded (<c>Gateway:Limits:MaxStreamEventBytes</c>): one endless line ends the stream with
/// the in-stream error chunk, the gateway stops reading the provider, and the attempt counts as a malformed answer.
/// </summary>
[TestFixture]
public sealed class StreamEventLimitTests
{
    private const int EventLimit = 64 * 1024;

    private EndlessLineProvider _afterFirstChunk = null!;
    private EndlessLineProvider _atOnce = null!;
    private FakeProvider _fallback = null!;
    private GatewayHost _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _afterFirstChunk = EndlessLineProvider.Start(firstChunk: true);
        _atOnce = EndlessLineProvider.Start(firstChunk: false);
        _fallback = new FakeProvider();
        _fallback.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
        _gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": {
                  "endless-mid": { "Kind": "openai", "BaseUrl": "{{_afterFirstChunk.Url}}/v1", "ApiKey": "k" },
                  "endless-first": { "Kind": "openai", "BaseUrl": "{{_atOnce.Url}}/v1", "ApiKey": "k" },
                  "steady": { "Kind": "openai", "BaseUrl": "{{_fallback.Url}}/v1", "ApiKey": "k" }
                },
                "Models": {
                  "endless-mid": { "Targets": [ { "Provider": "endless-mid", "Model": "m" } ] },
                  "endless-first-then-steady": { "Targets": [ { "Provider": "endless-first", "Model": "m" }, { "Provider": "steady", "Model": "m" } ] }
                },
                "Keys": {{GatewayHost.KeysJson}},
                "Limits": { "MaxStreamEventBytes": {{EventLimit}} },
                "Health": {{GatewayHost.NoCooldownsJson}},
                "Resilience": {{GatewayHost.NoBreakersJson}}
              }
            }
            """);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _gateway.DisposeAsync();
        await _afterFirstChunk.DisposeAsync();
        await _atOnce.DisposeAsync();
        _fallback.Dispose();
    }

    [Test]
    public async Task Ends_the_stream_with_the_error_chunk_and_hangs_up_on_an_endless_line()
    {
        using var response = await StreamAsync("endless-mid");
        var (events, aborted) = await SseReading.ReadEventsAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(events[0], Does.Contain(EndlessLineProvider.FirstWord), "what came before the endless line reached the client");
        var last = JsonNode.Parse(events[^1]["data: ".Length..])!;
        Assert.That(last["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_bad_response"));
        Assert.That(last["error"]!["message"]!.GetValue<string>(), Does.Contain($"limit of {EventLimit} bytes"));
        Assert.That(last["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("error"));
        Assert.That(events, Has.None.EqualTo("data: [DONE]"));
        Assert.That(aborted, Is.False, "the stream ends cleanly after the error chunk");
        Assert.That(await _afterFirstChunk.HungUp.WaitAsync(TimeSpan.FromSeconds(20)), Is.True,
            $"the gateway stopped reading the provider (it took {_afterFirstChunk.BytesSent} bytes of a {EndlessLineProvider.LineBytes}-byte line)");
        Assert.That(await ScrapeAsync(), Does.Contain("gateway_upstream_attempts_total{provider=\"endless-mid\",outcome=\"malformed\"} 1"));
    }

    [Test]
    public async Task Fails_over_when_the_first_event_is_an_endless_line()
    {
        using var response = await StreamAsync("endless-first-then-steady");
        var (events, _) = await SseReading.ReadEventsAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("x-gateway-provider").Single(), Is.EqualTo("steady"));
        Assert.That(events[^1], Is.EqualTo("data: [DONE]"));
        Assert.That(await _atOnce.HungUp.WaitAsync(TimeSpan.FromSeconds(20)), Is.True, "the gateway stopped reading the endless provider");
        Assert.That(await ScrapeAsync(), Does.Contain("gateway_upstream_attempts_total{provider=\"endless-first\",outcome=\"malformed\"} 1"));
    }

    private async Task<HttpResponseMessage> StreamAsync(string model)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
    }

    private async Task<string> ScrapeAsync() => await _gateway.Http.GetStringAsync("/metrics");
}
