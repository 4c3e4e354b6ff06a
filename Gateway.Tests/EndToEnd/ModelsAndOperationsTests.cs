namespace Gateway.Tests.EndToEnd;

/// <summary>The model list, health endpoints and Prometheus metrics.</summary>
[TestFixture]
public sealed class ModelsAndOperationsTests : SingleProviderFixture
{
    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider.Url}}/v1", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "gpt-4o-mini": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] },
        "custom": { "Targets": [ { "Provider": "openai", "Model": "my-finetune", "ContextWindow": 32000, "Capabilities": ["tools"],
                    "Price": { "InputPerMTok": 1.5, "OutputPerMTok": 6 } } ] }
        """;

    protected override string SettingsJson => "";

    protected override string CatalogJson => """
        { "Models": { "openai/gpt-4o-mini": { "ContextWindow": 128000, "MaxOutputTokens": 16384, "Capabilities": ["tools", "vision", "json_schema"],
                                              "Price": { "InputPerMTok": 0.15, "OutputPerMTok": 0.6, "CachedInputPerMTok": 0.075 } } } }
        """;

    [SetUp]
    public void AnswerChats() => Provider.AnswerChats();

    [Test]
    public async Task Lists_configured_models_through_the_sdk()
    {
        var models = (await Gateway.OpenAIClient().GetOpenAIModelClient().GetModelsAsync()).Value;

        Assert.That(models.Select(m => m.Id), Is.EquivalentTo(new[] { "gpt-4o-mini", "custom" }));
        Assert.That(models.First(m => m.Id == "custom").OwnedBy, Is.EqualTo("openai"));
    }

    [Test]
    public async Task Shows_context_length_and_pricing_per_token_from_catalog_and_config()
    {
        var list = JsonNode.Parse(await Gateway.Http.GetStringAsync("/v1/models"))!;
        var known = list["data"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == "gpt-4o-mini")!;
        var custom = list["data"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == "custom")!;

        Assert.That(list["object"]!.GetValue<string>(), Is.EqualTo("list"));
        Assert.That(known["context_length"]!.GetValue<int>(), Is.EqualTo(128000));
        Assert.That(known["pricing"]!["prompt"]!.GetValue<string>(), Is.EqualTo("0.00000015"));
        Assert.That(known["pricing"]!["input_cache_read"]!.GetValue<string>(), Is.EqualTo("0.000000075"));
        Assert.That(custom["context_length"]!.GetValue<int>(), Is.EqualTo(32000));
        Assert.That(custom["pricing"]!["completion"]!.GetValue<string>(), Is.EqualTo("0.000006"));
    }

    [Test]
    public async Task Gets_one_model_or_404()
    {
        var model = (await Gateway.OpenAIClient().GetOpenAIModelClient().GetModelAsync("custom")).Value;
        using var missing = await Gateway.Http.GetAsync("/v1/models/nope");

        Assert.That(model.Id, Is.EqualTo("custom"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Requires_a_key_to_list_models()
    {
        using var anonymous = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var response = await anonymous.GetAsync("/v1/models");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Reports_liveness_and_readiness_without_a_key()
    {
        using var anonymous = new HttpClient { BaseAddress = Gateway.BaseAddress };
        Assert.That(await anonymous.GetStringAsync("/healthz"), Is.EqualTo("ok"));
        var ready = JsonNode.Parse(await anonymous.GetStringAsync("/readyz"))!;
        Assert.That(ready["status"]!.GetValue<string>(), Is.EqualTo("ready"));
        Assert.That(ready["providers"]!["openai"]!["available"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Exposes_request_latency_and_token_metrics()
    {
        await Gateway.ChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage("hi")]);

        var metrics = await Gateway.Http.GetStringAsync("/metrics");

        Assert.That(metrics, Does.Contain("gateway_requests_total{model=\"gpt-4o-mini\",provider=\"openai\",status=\"200\"}"));
        Assert.That(metrics, Does.Contain("gateway_request_duration_seconds_bucket{model=\"gpt-4o-mini\",provider=\"openai\",stream=\"false\""));
        Assert.That(metrics, Does.Contain("gateway_upstream_duration_seconds_count{provider=\"openai\"}"));
        Assert.That(metrics, Does.Contain("gateway_time_to_first_token_seconds_count{model=\"gpt-4o-mini\",provider=\"openai\"}"));
        Assert.That(metrics, Does.Contain("gateway_tokens_total{model=\"gpt-4o-mini\",provider=\"openai\",direction=\"prompt\"}"));
        Assert.That(metrics, Does.Contain("gateway_upstream_attempts_total{provider=\"openai\",outcome=\"success\"}"));
        Assert.That(metrics, Does.Contain("gateway_requests_in_flight"));
        Assert.That(metrics, Does.Contain("gateway_config_reloads_total{result=\"accepted\"}"));
        Assert.That(metrics, Does.Contain("gateway_config_revision"));
    }

    [Test]
    public async Task Exposes_each_providers_destinations_in_service()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string metrics;
        do
        {
            metrics = await Gateway.Http.GetStringAsync("/metrics");
            if (metrics.Contains("gateway_provider_available_destinations{provider=\"openai\"} 1", StringComparison.Ordinal))
            {
                return;
            }
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail("gateway_provider_available_destinations for openai never reported 1:\n" + metrics);
    }
}
