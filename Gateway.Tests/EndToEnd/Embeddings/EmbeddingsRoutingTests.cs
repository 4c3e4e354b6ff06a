using System.Net.Http.Json;
using OpenAI.Embeddings;

namespace Gateway.Tests.EndToEnd.Embeddings;

/// <summary>Embeddings through routing: aliases typed by their targets, failover within one vector size, input limits, /v1/models.</summary>
[TestFixture]
public sealed class EmbeddingsRoutingTests : GatewayFixture
{
    protected override string ProvidersJson => $$"""
        "first": { "Kind": "openai", "BaseUrl": "{{Provider("first").Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "second": { "Kind": "openai", "BaseUrl": "{{Provider("second").Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" }
        """;

    protected override string ModelsJson => """
        "chatty": { "Targets": [ { "Provider": "first", "Model": "gpt-4o-mini" } ] },
        "emb": { "Strategy": "failover", "Targets": [
            { "Provider": "first", "Model": "text-embedding-3-small" },
            { "Provider": "second", "Model": "text-embedding-3-small" } ] },
        "emb-mixed": { "Strategy": "failover", "Targets": [
            { "Provider": "first", "Model": "text-embedding-3-small" },
            { "Provider": "second", "Model": "nomic-embed-text", "Kinds": ["embeddings"], "Dimensions": 768 } ] },
        "emb-short": { "Targets": [ { "Provider": "first", "Model": "tiny-embedder", "Kinds": ["embeddings"], "Dimensions": 4, "MaxInputTokens": 5 } ] }
        """;

    protected override string SettingsJson => $$"""
        "Health": {{GatewayHost.NoCooldownsJson}},
        "Resilience": {{GatewayHost.NoBreakersJson}}
        """;

    protected override string CatalogJson => EmbeddingsCatalog.Json;

    protected override Task StartProvidersAsync()
    {
        StartProvider("first");
        StartProvider("second");
        return Task.CompletedTask;
    }

    [SetUp]
    public void Reset()
    {
        Provider("first").Reset();
        Provider("second").Reset();
    }

    [Test]
    public async Task A_chat_only_alias_on_the_embeddings_endpoint_is_a_400_naming_model()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/embeddings", new { model = "chatty", input = "hello" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Multiple(() =>
        {
            Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("model"));
            Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
            Assert.That(error["message"]!.GetValue<string>(), Does.Contain("does not serve embeddings"));
        });
        Assert.That(Provider("first").Requests, Is.Empty);
    }

    [Test]
    public async Task An_embeddings_alias_on_the_chat_endpoint_is_a_400_naming_model()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/chat/completions",
            new { model = "emb-short", messages = new[] { new { role = "user", content = "hi" } } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("model"));
    }

    [Test]
    public async Task Fails_over_to_a_target_of_the_same_size_when_the_first_is_down()
    {
        Provider("first").Reply("/v1/embeddings", 503, Fixture.Text("OpenAi", "error-500.json"));
        Provider("second").Reply("/v1/embeddings", 200, Fixture.Text("OpenAi", "embeddings-base64.response.json"));

        var result = await Gateway.OpenAIClient().GetEmbeddingClient("emb").GenerateEmbeddingsAsync(["a", "b"]);

        Assert.That(result.Value, Has.Count.EqualTo(2));
        Assert.That(Provider("first").Requests, Has.Count.EqualTo(1));
        Assert.That(Provider("second").Requests, Has.Count.EqualTo(1));
        Assert.That(result.GetRawResponse().Headers.TryGetValue("x-gateway-provider", out var provider) ? provider : null, Is.EqualTo("second"));
    }

    [Test]
    public async Task Counts_requests_by_endpoint_kind()
    {
        Provider("first").Reply("/v1/embeddings", 200, Fixture.Text("OpenAi", "embeddings.response.json"));
        const string Series = "gateway_endpoint_requests_total{endpoint=\"embeddings\",status=\"200\"}";
        var before = await MetricsText.ValueAsync(Series);

        using var response = await Gateway.Http.PostAsJsonAsync("/v1/embeddings", new { model = "emb", input = new[] { "a", "b" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // Recorded as the request ends, which may be just after the client has the whole answer.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await MetricsText.ValueAsync(Series) < before + 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.That(await MetricsText.ValueAsync(Series), Is.GreaterThanOrEqualTo(before + 1), "other fixtures in this process may count too");
        Assert.That(await MetricsText.CollectAsync(), Does.Contain("gateway_endpoint_request_duration_seconds_count{endpoint=\"embeddings\"}"));
    }

    [Test]
    public async Task Does_not_fail_over_to_a_target_whose_vectors_have_another_size()
    {
        Provider("first").Reply("/v1/embeddings", 503, Fixture.Text("OpenAi", "error-500.json"));
        Provider("second").Reply("/v1/embeddings", 200, Fixture.Text("OpenAi", "embeddings.response.json"));

        using var response = await Gateway.Http.PostAsJsonAsync("/v1/embeddings", new { model = "emb-mixed", input = "hello" });

        Assert.That((int)response.StatusCode, Is.EqualTo(503));
        Assert.That(Provider("second").Requests, Is.Empty, "a 768-dimension model is no fallback for a 1536-dimension one");
        Assert.That(response.Headers.GetValues("x-gateway-dropped").Single(), Does.Contain("second/nomic-embed-text=dimensionsdiffer"));
    }

    [Test]
    public async Task An_input_longer_than_the_model_takes_is_a_400_naming_input_before_sending()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/embeddings",
            new { model = "emb-short", input = new[] { "ok", "this input is far longer than five tokens, so it cannot be embedded by this model" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("input"));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("context_length_exceeded"));
        Assert.That(Provider("first").Requests, Is.Empty);
    }

    [TestCase("""{"model":"emb","input":""}""", "input")]
    [TestCase("""{"model":"emb","input":[]}""", "input")]
    [TestCase("""{"model":"emb","input":["a",1]}""", "input[1]")]
    [TestCase("""{"model":"emb"}""", "input")]
    [TestCase("""{"model":"emb","input":"a","encoding_format":"int8"}""", "encoding_format")]
    [TestCase("""{"model":"emb","input":"a","dimensions":0}""", "dimensions")]
    [TestCase("""{"input":"a"}""", "model")]
    public async Task Bad_input_is_a_400_naming_the_field(string body, string param)
    {
        using var response = await Gateway.Http.PostAsync("/v1/embeddings", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo(param));
    }

    [Test]
    public async Task Models_list_what_each_alias_serves_and_filter_by_kind()
    {
        var all = JsonNode.Parse(await Gateway.Http.GetStringAsync("/v1/models"))!["data"]!.AsArray();
        var kinds = all.ToDictionary(m => m!["id"]!.GetValue<string>(), m => m!["kinds"]!.AsArray().Select(k => k!.GetValue<string>()).ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(kinds["chatty"], Is.EqualTo(new[] { "chat", "completions" }), "a chat model answers legacy completions through chat");
            Assert.That(kinds["emb"], Is.EqualTo(new[] { "embeddings" }), "from the shipped catalog");
            Assert.That(kinds["emb-short"], Is.EqualTo(new[] { "embeddings" }));
        });

        var embeddings = JsonNode.Parse(await Gateway.Http.GetStringAsync("/v1/models?kind=embeddings"))!["data"]!.AsArray();
        Assert.That(embeddings.Select(m => m!["id"]!.GetValue<string>()), Is.EquivalentTo(new[] { "emb", "emb-mixed", "emb-short" }));
    }

    [Test]
    public async Task The_sdks_default_headers_and_idempotency_key_are_not_forwarded()
    {
        Provider("first").Reply("/v1/embeddings", 200, Fixture.Text("OpenAi", "embeddings.response.json"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings")
        {
            Content = JsonContent.Create(new { model = "emb", input = new[] { "a", "b" } }),
        };
        request.Headers.Add("Idempotency-Key", "stainless-python-retry-7e1f");
        request.Headers.Add("x-stainless-lang", "python");
        request.Headers.Add("x-stainless-retry-count", "1");
        request.Headers.Add("x-stainless-arch", "x64");

        using var response = await Gateway.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var forwarded = Provider("first").LastHeaders().Keys;
        Assert.That(forwarded.Where(name => name.StartsWith("x-stainless", StringComparison.OrdinalIgnoreCase) || name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase)), Is.Empty);
    }
}
