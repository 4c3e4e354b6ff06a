using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Gateway.Tests.EndToEnd;

/// <summary>A provider's failures reach the client mapped to OpenAI's shape, with its status kept where it means the same.</summary>
[TestFixture]
public sealed class ProviderErrorTests : SingleProviderFixture
{
    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}", "TimeoutSeconds": 1 },
        "dead": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:9/v1" }
        """;

    protected override string ModelsJson => """
        "gpt-4o-mini": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] },
        "nowhere": { "Targets": [ { "Provider": "dead", "Model": "x" } ] },
        "negative-usage": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] }
        """;

    [Test]
    public async Task Keeps_a_provider_400_with_its_message()
    {
        Provider.Reply("/v1/chat/completions", 400, Fixture.Text("OpenAi", "error-400.json"));
        var (status, error, _) = await ChatAsync("gpt-4o-mini");

        Assert.That(status, Is.EqualTo(400));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("temperature"));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
    }

    [Test]
    public async Task Turns_a_provider_401_into_502_without_the_provider_key()
    {
        Provider.Reply("/v1/chat/completions", 401, Fixture.Text("OpenAi", "error-401.json"));
        var (status, error, raw) = await ChatAsync("gpt-4o-mini");

        Assert.That(status, Is.EqualTo(502));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("upstream_auth_failed"));
        Assert.That(raw, Does.Not.Contain("secret").And.Not.Contain(FakeProvider.ProviderKey));
    }

    [Test]
    public async Task Keeps_a_provider_404()
    {
        Provider.Reply("/v1/chat/completions", 404, """{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""");
        var (status, error, _) = await ChatAsync("gpt-4o-mini");

        Assert.That(status, Is.EqualTo(404));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("model_not_found"));
    }

    [TestCase(500, 502)]
    [TestCase(502, 502)]
    [TestCase(503, 503)]
    [TestCase(504, 504)]
    [TestCase(529, 503)]
    public async Task Maps_provider_server_errors(int providerStatus, int expected)
    {
        Provider.Reply("/v1/chat/completions", providerStatus, Fixture.Text("OpenAi", "error-500.json"));
        var (status, error, _) = await ChatAsync("gpt-4o-mini");

        Assert.That(status, Is.EqualTo(expected));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("openai"));
    }

    [Test]
    public async Task Answers_504_when_the_provider_does_not_answer_in_time()
    {
        Provider.Server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Fixture.Text("OpenAi", "chat-text.response.json")).WithDelay(TimeSpan.FromSeconds(3)));
        var (status, error, _) = await ChatAsync("gpt-4o-mini");

        Assert.That(status, Is.EqualTo(504));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("upstream_timeout"));
    }

    [Test]
    public async Task Answers_502_when_the_provider_cannot_be_reached()
    {
        var (status, error, _) = await ChatAsync("nowhere");

        Assert.That(status, Is.EqualTo(502));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("upstream_unreachable"));
    }

    [Test]
    public async Task Answers_502_for_a_2xx_answer_that_is_not_json()
    {
        Provider.Reply("/v1/chat/completions", 200, "<html>gateway timeout</html>", "text/html");
        var (status, error, _) = await ChatAsync("gpt-4o-mini");

        Assert.That(status, Is.EqualTo(502));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("upstream_bad_response"));
    }

    [Test]
    public async Task Answers_502_for_a_2xx_answer_that_is_not_valid_utf8()
    {
        var answer = Encoding.UTF8.GetBytes(Fixture.Text("OpenAi", "chat-text.response.json").Replace("Hello!", "Hello\u00FF!", StringComparison.Ordinal));
        Provider.ReplyBytes("/v1/chat/completions", 200, Latin1Marks(answer), "application/json");
        var (status, error, _) = await ChatAsync("gpt-4o-mini");

        Assert.That(status, Is.EqualTo(502));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("upstream_bad_response"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("UTF-8"));
    }

    [Test]
    public async Task Maps_an_error_status_whose_body_is_not_valid_utf8()
    {
        Provider.ReplyBytes("/v1/chat/completions", 400, [.. "{\"error\":{\"message\":\"bad "u8, 0xFF, .. "\"}}"u8], "application/json");
        var (status, error, _) = await ChatAsync("gpt-4o-mini");

        Assert.That(status, Is.EqualTo(400));
        Assert.That(error["type"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task Ends_a_stream_with_an_error_event_when_an_event_is_not_valid_utf8()
    {
        var first = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"u8;
        var broken = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x"u8;
        Provider.ReplyBytes("/v1/chat/completions", 200, [.. first, .. broken, 0xC3, .. "\"},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n"u8], "text/event-stream");
        using var body = new StringContent("""{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = body }, HttpCompletionOption.ResponseHeadersRead);
        var (events, aborted) = await SseReading.ReadEventsAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the stream had started");
        Assert.That(aborted, Is.False);
        Assert.That(events, Has.None.EqualTo("data: [DONE]"));
        var last = JsonNode.Parse(events[^1]["data: ".Length..])!;
        Assert.That(last["error"]!["code"]!.GetValue<string>(), Is.EqualTo("upstream_bad_response"));
    }

    // The fixture's text is ASCII except for the U+00FF placed in it, which becomes the lone byte 0xFF.
    private static byte[] Latin1Marks(byte[] utf8) => Encoding.Latin1.GetBytes(Encoding.UTF8.GetString(utf8));

    [Test]
    public async Task Counts_a_negative_token_count_from_a_provider_as_zero()
    {
        Provider.Reply("/v1/chat/completions", 200,
            Fixture.Text("OpenAi", "chat-text.response.json").Replace("\"prompt_tokens\": 19", "\"prompt_tokens\": -1", StringComparison.Ordinal));
        var before = await TokensCountedAsync("completion");

        using var body = new StringContent("""{"model":"negative-usage","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TokensCountedAsync("completion") - before, Is.EqualTo(10), "the request was counted to the end");
        Assert.That(await TokensCountedAsync("prompt"), Is.EqualTo(0), "nothing below zero, nothing for the bad count");
    }

    private async Task<double> TokensCountedAsync(string direction)
    {
        var metrics = await Gateway.Http.GetStringAsync("/metrics");
        var prefix = $"gateway_tokens_total{{model=\"negative-usage\",provider=\"openai\",direction=\"{direction}\"}} ";
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    [Test]
    public async Task Sends_an_error_event_when_a_stream_reports_an_error()
    {
        Provider.ReplyStream("/v1/chat/completions",
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n" +
            "data: {\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}\n\n");
        using var body = new StringContent("""{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = body }, HttpCompletionOption.ResponseHeadersRead);
        var (events, aborted) = await SseReading.ReadEventsAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the stream had started");
        Assert.That(aborted, Is.False);
        Assert.That(events, Has.None.EqualTo("data: [DONE]"), "an errored stream is not completed");
        var last = JsonNode.Parse(events[^1]["data: ".Length..])!;
        Assert.That(last["error"]!["message"]!.GetValue<string>(), Does.Contain("server had an error"));
    }

    private async Task<(int Status, JsonNode Error, string Raw)> ChatAsync(string model)
    {
        using var body = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", body);
        var raw = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(raw)!["error"]!, raw);
    }
}
