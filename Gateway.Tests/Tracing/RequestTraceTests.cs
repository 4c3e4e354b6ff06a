using System.Diagnostics;

namespace Gateway.Tests.Tracing;

/// <summary>
/// The span tree of a model request, exported by OpenTelemetry's in-memory exporter: the server span, the routing span,
/// one client span per attempt with GenAI attributes, and nothing of a request refused before routing.
/// </summary>
[TestFixture]
public sealed class RequestTraceTests : GatewayFixture
{
    private const string LimitedKey = "gw-trace-limited-key-0123456789";

    private readonly SpanCollector _spans = new();

    protected override string ProvidersJson => $$"""
        "primary": { "Kind": "openai", "BaseUrl": "{{Provider("primary").Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "secondary": { "Kind": "openai", "BaseUrl": "{{Provider("secondary").Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" }
        """;

    protected override string ModelsJson => """
        "chat": { "Strategy": "failover", "Targets": [
          { "Provider": "primary", "Model": "primary-model" },
          { "Provider": "secondary", "Model": "secondary-model" } ] },
        "streamed": { "Targets": [ { "Provider": "secondary", "Model": "secondary-model" } ] }
        """;

    protected override string KeysJson => $$"""
        {
          "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
          "limited": { "KeyHash": "sha256:{{GatewayHost.KeyHash(LimitedKey)}}", "RequestsPerMinute": 1 }
        }
        """;

    protected override string SettingsJson => $$"""
        "Health": {{GatewayHost.NoCooldownsJson}},
        "Resilience": { "MaxRetriesPerCandidate": 0, "BreakerFailureThreshold": 10000, "BreakerMinimumThroughput": 100000 }
        """;

    protected override void ConfigureServices(IServiceCollection services) => _spans.AddTo(services);

    protected override Task StartProvidersAsync()
    {
        StartProvider("primary").Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));
        StartProvider("secondary").AnswerChats();
        return Task.CompletedTask;
    }

    [Test]
    public async Task Traces_a_failover_as_a_routing_span_and_two_attempt_spans()
    {
        var traceId = SpanCollector.NewTraceId();

        using var response = await PostAsync(traceId, """{"model":"chat","messages":[{"role":"user","content":"hi"}]}""");
        var spans = await _spans.TraceAsync(traceId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var server = spans.Single(span => span.Kind == ActivityKind.Server);
        var routing = spans.Single(span => span.OperationName == "gateway.route");
        var attempts = spans.Where(span => span.Source.Name == "Gateway" && span.Kind == ActivityKind.Client).OrderBy(span => span.StartTimeUtc).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(server.ParentSpanId.ToHexString(), Is.EqualTo("00f067aa0ba902b7"), "the client's span is the server span's parent");
            Assert.That(server.GetTagItem("gateway.request_id"), Does.StartWith("gen-"));
            Assert.That(server.GetTagItem("gateway.attempts"), Is.EqualTo(2));
            Assert.That(server.Events.Select(e => e.Name), Does.Contain("gateway.usage").And.Contain("gateway.quota"));
            Assert.That(routing.ParentSpanId, Is.EqualTo(server.SpanId));
            Assert.That(routing.GetTagItem("gateway.routing.candidates"), Is.EqualTo(new[] { "primary/primary-model", "secondary/secondary-model" }));
            Assert.That(routing.GetTagItem("gateway.routing.policy"), Is.Not.Null);
            Assert.That(attempts, Has.Count.EqualTo(2));
            Assert.That(attempts.Select(span => span.ParentSpanId), Is.All.EqualTo(server.SpanId));

            var failed = attempts[0];
            Assert.That(failed.DisplayName, Is.EqualTo("chat primary-model"));
            Assert.That(failed.GetTagItem("gen_ai.operation.name"), Is.EqualTo("chat"));
            Assert.That(failed.GetTagItem("gen_ai.provider.name"), Is.EqualTo("openai"));
            Assert.That(failed.GetTagItem("gen_ai.request.model"), Is.EqualTo("primary-model"));
            Assert.That(failed.GetTagItem("gateway.provider.id"), Is.EqualTo("primary"));
            Assert.That(failed.GetTagItem("gateway.attempt.reason"), Is.EqualTo("first"));
            Assert.That(failed.GetTagItem("gateway.attempt.outcome"), Is.EqualTo("upstream_error"));
            Assert.That(failed.GetTagItem("http.response.status_code"), Is.EqualTo(503));
            Assert.That(failed.GetTagItem("error.type"), Is.Not.Null);
            Assert.That(failed.Status, Is.EqualTo(ActivityStatusCode.Error));

            var served = attempts[1];
            Assert.That(served.GetTagItem("gateway.attempt.number"), Is.EqualTo(2));
            Assert.That(served.GetTagItem("gateway.attempt.reason"), Is.EqualTo("failover"));
            Assert.That(served.GetTagItem("gateway.attempt.outcome"), Is.EqualTo("success"));
            Assert.That(served.GetTagItem("gen_ai.response.model"), Is.EqualTo("gpt-4o-mini-2024-07-18"));
            Assert.That(served.GetTagItem("gen_ai.response.id"), Is.EqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT"));
            Assert.That(served.GetTagItem("gen_ai.response.finish_reasons"), Is.EqualTo(new[] { "stop" }));
            Assert.That(served.GetTagItem("gen_ai.usage.input_tokens"), Is.EqualTo(19));
            Assert.That(served.GetTagItem("gen_ai.usage.output_tokens"), Is.EqualTo(10));
            Assert.That(served.Status, Is.EqualTo(ActivityStatusCode.Unset));

            // The HTTP client instrumentation's span of each attempt is the attempt's child.
            foreach (var attempt in attempts)
            {
                Assert.That(spans.Count(span => span.Source.Name == "System.Net.Http" && span.ParentSpanId == attempt.SpanId), Is.EqualTo(1),
                    $"one HTTP client span under {attempt.DisplayName}");
            }
        });
    }

    [Test]
    public async Task Sets_a_streams_usage_on_its_attempt_span_when_the_stream_ends()
    {
        Provider("secondary").Server.ResetMappings();
        Provider("secondary").ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
        var traceId = SpanCollector.NewTraceId();
        try
        {
            using var response = await PostAsync(traceId,
                """{"model":"streamed","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""");
            var body = await response.Content.ReadAsStringAsync();
            var spans = await _spans.TraceAsync(traceId);

            Assert.That(body, Does.Contain("[DONE]"));
            var attempt = spans.Single(span => span.Source.Name == "Gateway" && span.Kind == ActivityKind.Client);
            Assert.Multiple(() =>
            {
                Assert.That(attempt.GetTagItem("gateway.stream"), Is.EqualTo(true));
                Assert.That(attempt.GetTagItem("gateway.attempt.outcome"), Is.EqualTo("success"));
                Assert.That(attempt.GetTagItem("gen_ai.usage.input_tokens"), Is.EqualTo(9));
                Assert.That(attempt.GetTagItem("gen_ai.usage.output_tokens"), Is.EqualTo(5));
                Assert.That(attempt.GetTagItem("gen_ai.response.finish_reasons"), Is.EqualTo(new[] { "stop" }));
                Assert.That(spans.Single(span => span.Kind == ActivityKind.Server).GetTagItem("gateway.stream"), Is.EqualTo(true));
            });
        }
        finally
        {
            Provider("secondary").Server.ResetMappings();
            Provider("secondary").AnswerChats();
        }
    }

    [Test]
    public async Task Traces_a_request_refused_by_its_quota_without_routing_or_attempt_spans()
    {
        using var first = await PostAsync(SpanCollector.NewTraceId(), """{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", LimitedKey);
        var traceId = SpanCollector.NewTraceId();

        using var refused = await PostAsync(traceId, """{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", LimitedKey);
        var spans = await _spans.TraceAsync(traceId);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var server = spans.Single(span => span.Kind == ActivityKind.Server);
        Assert.Multiple(() =>
        {
            Assert.That(spans, Has.Count.EqualTo(1), "no routing, no attempt: " + string.Join(", ", spans.Select(span => span.DisplayName)));
            Assert.That(server.GetTagItem("http.response.status_code"), Is.EqualTo(429));
            Assert.That(server.GetTagItem("error.type"), Is.EqualTo("rate_limit_exceeded"));
            Assert.That(server.GetTagItem("gateway.key_id"), Is.EqualTo("limited"));
            Assert.That(server.Events.Single(e => e.Name == "gateway.quota").Tags.ToDictionary(t => t.Key, t => t.Value)["gateway.quota.outcome"], Is.EqualTo("refused"));
        });
    }

    [Test]
    public async Task Traces_a_request_refused_for_its_key_with_the_error_code()
    {
        var traceId = SpanCollector.NewTraceId();

        using var refused = await PostAsync(traceId, """{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", "gw-not-a-known-key-00000000000");
        var spans = await _spans.TraceAsync(traceId);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var server = spans.Single();
        Assert.Multiple(() =>
        {
            Assert.That(server.Kind, Is.EqualTo(ActivityKind.Server));
            Assert.That(server.GetTagItem("http.response.status_code"), Is.EqualTo(401));
            Assert.That(server.GetTagItem("error.type"), Is.EqualTo("invalid_api_key"));
        });
    }

    private async Task<HttpResponseMessage> PostAsync(string traceId, string json, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("traceparent", SpanCollector.Traceparent(traceId));
        using var client = SpanCollector.Client(Gateway, key ?? GatewayHost.ClientKey);
        return await client.SendAsync(request);
    }
}
