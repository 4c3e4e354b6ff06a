using System.Diagnostics;

namespace Gateway.Tests.Tracing;

/// <summary>
/// W3C trace context: the caller's <c>traceparent</c> is continued and the answer carries the request's own; providers
/// hear nothing of it (nor of <c>tracestate</c> or <c>baggage</c>) unless their config allows it (a self-hosted model).
/// </summary>
[TestFixture]
public sealed class TraceContextPropagationTests : TwoProviderTest
{
    private const string ClientSpanId = "00f067aa0ba902b7";

    /// <summary>A provider that must hear nothing of the trace.</summary>
    private FakeProvider ThirdParty => A;

    /// <summary>A self-hosted model whose config lets the trace through.</summary>
    private FakeProvider SelfHosted => B;

    [Test]
    public async Task Continues_the_callers_trace_and_answers_with_the_server_spans_traceparent()
    {
        var chat = await TracedChatAsync("third-party");
        var server = chat.Trace.Single(span => span.Kind == ActivityKind.Server);

        Assert.That(chat.Headers.GetValues("traceparent").Single(), Is.EqualTo($"00-{chat.TraceId}-{server.SpanId.ToHexString()}-01"));
    }

    [Test]
    public async Task Answers_with_a_traceparent_of_the_callers_trace_when_tracing_is_off()
    {
        await using var gateway = await StartAsync(configureServices: null);
        var traceId = SpanCollector.NewTraceId();

        using var response = await PostAsync(gateway, "third-party", traceId);

        var traceparent = response.Headers.GetValues("traceparent").Single().Split('-');
        Assert.That(traceparent[1], Is.EqualTo(traceId));
        Assert.That(traceparent[2], Is.Not.EqualTo(ClientSpanId), "the gateway's own span, child of the caller's");
    }

    [Test]
    public async Task Sends_no_trace_context_to_a_third_party_provider()
    {
        await TracedChatAsync("third-party");

        var headers = ThirdParty.LastHeaders().Keys;
        Assert.That(headers, Has.None.EqualTo("traceparent").IgnoreCase
            .And.None.EqualTo("tracestate").IgnoreCase
            .And.None.EqualTo("baggage").IgnoreCase
            .And.None.EqualTo("Request-Id").IgnoreCase);
    }

    [Test]
    public async Task Sends_the_trace_to_a_provider_that_allows_it_as_a_child_of_the_attempts_http_span()
    {
        var chat = await TracedChatAsync("self-hosted");

        var sent = SelfHosted.LastHeaders();
        var http = chat.Trace.Single(span => span.Source.Name == "System.Net.Http");
        Assert.Multiple(() =>
        {
            Assert.That(sent["traceparent"].Single(), Is.EqualTo($"00-{chat.TraceId}-{http.SpanId.ToHexString()}-01"));
            Assert.That(sent["tracestate"].Single(), Is.EqualTo("vendor=1"));
            Assert.That(sent.Keys, Has.None.EqualTo("baggage").IgnoreCase, "baggage never leaves");
        });
    }

    [Test]
    public async Task Sends_the_callers_trace_to_a_provider_that_allows_it_when_tracing_is_off()
    {
        await using var gateway = await StartAsync(configureServices: null);
        var traceId = SpanCollector.NewTraceId();

        using var response = await PostAsync(gateway, "self-hosted", traceId);
        await response.Content.ReadAsStringAsync();

        var traceparent = SelfHosted.LastHeaders()["traceparent"].Single().Split('-');
        Assert.That(traceparent[1], Is.EqualTo(traceId));
    }

    /// <summary>
    /// Sends a chat for <paramref name="model"/>, in a new trace of the caller's, to a gateway that records its spans, and
    /// waits for the trace's spans.
    /// </summary>
    private async Task<TracedChat> TracedChatAsync(string model)
    {
        var spans = new SpanCollector();
        await using var gateway = await StartAsync(spans.AddTo);
        var traceId = SpanCollector.NewTraceId();

        using var response = await PostAsync(gateway, model, traceId);
        return new TracedChat(traceId, await spans.TraceAsync(traceId), response.Headers);
    }

    private Task<GatewayHost> StartAsync(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices) =>
        GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": {
                  "third-party": { "Kind": "openai", "BaseUrl": "{{ThirdParty.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" },
                  "self-hosted": { "Kind": "vllm", "BaseUrl": "{{SelfHosted.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}", "PropagateTraceContext": true }
                },
                "Models": {
                  "third-party": { "Targets": [ { "Provider": "third-party", "Model": "gpt-4o-mini" } ] },
                  "self-hosted": { "Targets": [ { "Provider": "self-hosted", "Model": "llama" } ] }
                },
                "Keys": {{GatewayHost.KeysJson}}
              }
            }
            """, configureServices ?? (_ => { }));

    private static async Task<HttpResponseMessage> PostAsync(GatewayHost gateway, string model, string traceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", SpanCollector.Traceparent(traceId, ClientSpanId));
        request.Headers.Add("tracestate", "vendor=1");
        request.Headers.Add("baggage", "user=alice");
        using var client = SpanCollector.Client(gateway);
        return await client.SendAsync(request);
    }

    /// <summary>A traced chat: the caller's trace id, the spans recorded in that trace, and the answer's headers.</summary>
    private sealed record TracedChat(string TraceId, IReadOnlyList<Activity> Trace, HttpResponseHeaders Headers);
}
