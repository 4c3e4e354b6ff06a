using System.Net.Http.Json;

namespace Gateway.Tests.EndToEnd.Completions;

/// <summary>Legacy completions and moderations on a real PostgreSQL: one usage row per request with its kind, unit, quantity and cost.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class TextKindsUsageTests : DatabaseGatewayFixture
{
    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider("openai").Url}}/v1", "ApiKey": "k" },
        "anthropic": { "Kind": "anthropic", "BaseUrl": "{{Provider("anthropic").Url}}", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "instruct": { "Targets": [ { "Provider": "openai", "Model": "gpt-3.5-turbo-instruct" } ] },
        "claude": { "Targets": [ { "Provider": "anthropic", "Model": "claude-haiku-4-5" } ] },
        "mod": { "Targets": [ { "Provider": "openai", "Model": "omni-moderation-latest" } ] },
        "priced-mod": { "Targets": [ { "Provider": "openai", "Model": "omni-moderation-latest",
                        "Price": { "InputPerMTok": 1000000, "OutputPerMTok": 0 } } ] }
        """;

    protected override string? CatalogJson => TextKindsCatalog.Json;

    protected override Task StartProvidersAsync()
    {
        var openAi = StartProvider("openai");
        openAi.Reply("/v1/completions", 200, Fixture.Text("OpenAi", "completions.response.json"));
        openAi.Reply("/v1/moderations", 200, Fixture.Text("OpenAi", "moderations.response.json"));
        StartProvider("anthropic").ReplyStream("/v1/messages", Fixture.Text("Anthropic", "stream-text.sse"));
        return Task.CompletedTask;
    }

    [Test]
    public async Task A_passed_through_completion_is_billed_the_providers_tokens()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "instruct", prompt = "Say this is a test", max_tokens = 7 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var row = await Database.RequestRowAsync(response.RequestId());
        // Cost: 5 × $1.50 + 7 × $2.00 per million.
        UsageRowAssert.Has(row, kind: "completions", unit: "tokens", quantity: 12m, promptTokens: 5, completionTokens: 7, cost: 0.0000215m, estimated: false);
        Assert.That(row["served_model"], Is.EqualTo("gpt-3.5-turbo-instruct"));
    }

    [Test]
    public async Task A_streamed_completion_through_chat_is_billed_the_chat_providers_tokens()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = JsonContent.Create(new { model = "claude", prompt = "Hi", stream = true }) };
        using var response = await Gateway.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await response.Content.ReadAsStringAsync();

        var row = await Database.RequestRowAsync(response.RequestId());
        // Cost: 11 × $1 + 6 × $5 per million.
        UsageRowAssert.Has(row, kind: "completions", unit: "tokens", quantity: 17m, promptTokens: 11, completionTokens: 6, cost: 0.000041m, stream: true);
    }

    [Test]
    public async Task A_moderation_is_billed_the_gateways_count_of_its_input_at_the_catalogs_price_of_zero()
    {
        var result = await Gateway.OpenAIClient().GetModerationClient("mod").ClassifyTextAsync("I want to kill them.");
        var id = result.GetRawResponse().RequestId();

        var row = await Database.RequestRowAsync(id);
        // Free: OpenAI's moderation models cost nothing; estimated: OpenAI reports no usage for moderations.
        UsageRowAssert.Has(row, kind: "moderations", unit: "input_tokens", completionTokens: 0, cost: 0m, estimated: true);
        Assert.That((int)row["prompt_tokens"]!, Is.GreaterThan(0));
        Assert.That(row["billing_quantity"], Is.EqualTo((decimal)(int)row["prompt_tokens"]!));
    }

    [Test]
    public async Task A_priced_moderation_costs_its_input_tokens()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/moderations", new { model = "priced-mod", input = "I want to kill them." });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var row = await Database.RequestRowAsync(response.RequestId());
        // One dollar per token.
        UsageRowAssert.Has(row, kind: "moderations", cost: (decimal)(int)row["prompt_tokens"]!);
    }
}
