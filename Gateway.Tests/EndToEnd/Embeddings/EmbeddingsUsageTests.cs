using System.Net.Http.Json;

namespace Gateway.Tests.EndToEnd.Embeddings;

/// <summary>Embeddings on a real PostgreSQL: one usage row per request with its kind, unit, quantity and cost; the stats endpoint; budgets.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class EmbeddingsUsageTests : DatabaseGatewayFixture
{
    private const string BudgetedKey = "gw-test-budgeted-emb-key-0123456789";

    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider("openai").Url}}/v1", "ApiKey": "k" },
        "gemini": { "Kind": "gemini", "BaseUrl": "{{Provider("gemini").Url}}", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "small": { "Targets": [ { "Provider": "openai", "Model": "text-embedding-3-small" } ] },
        "gemini-emb": { "Targets": [ { "Provider": "gemini", "Model": "gemini-embedding-001" } ] },
        "dear": { "Targets": [ { "Provider": "openai", "Model": "text-embedding-3-small",
                  "Price": { "InputPerMTok": 1000000, "OutputPerMTok": 0 } } ] }
        """;

    protected override string KeysJson => $$"""
        {
          "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
          "budgeted": { "KeyHash": "sha256:{{GatewayHost.KeyHash(BudgetedKey)}}", "MonthlyBudgetUsd": 9 }
        }
        """;

    protected override string? CatalogJson => EmbeddingsCatalog.Json;

    protected override Task StartProvidersAsync()
    {
        StartProvider("openai").Reply("/v1/embeddings", 200, Fixture.Text("OpenAi", "embeddings-base64.response.json"));
        StartProvider("gemini").Reply("/v1beta/models/gemini-embedding-001:batchEmbedContents", 200, Fixture.Text("Gemini", "embeddings.response.json"));
        return Task.CompletedTask;
    }

    [Test]
    public async Task Records_one_row_with_kind_unit_quantity_and_cost_and_reports_them_in_generation_stats()
    {
        var result = await Gateway.OpenAIClient().GetEmbeddingClient("small").GenerateEmbeddingsAsync(["a", "b"]);
        var id = result.GetRawResponse().RequestId();

        var row = await Database.RequestRowAsync(id);
        // Cost: 8 × $0.02 per million.
        UsageRowAssert.Has(row, kind: "embeddings", unit: "input_tokens", quantity: 8m, promptTokens: 8, completionTokens: 0, cost: 0.00000016m, estimated: false);
        Assert.That(await Database.ScalarAsync<long>("select count(*) from requests where id = $1", id), Is.EqualTo(1));

        var stats = JsonNode.Parse(await Gateway.Http.GetStringAsync($"/api/v1/generation?id={id}"))!["data"]!;
        Assert.Multiple(() =>
        {
            Assert.That(stats["kind"]!.GetValue<string>(), Is.EqualTo("embeddings"));
            Assert.That(stats["billing_unit"]!.GetValue<string>(), Is.EqualTo("input_tokens"));
            Assert.That(stats["billing_quantity"]!.GetValue<decimal>(), Is.EqualTo(8m));
            Assert.That(stats["total_cost"]!.GetValue<decimal>(), Is.EqualTo(0.00000016m));
        });
    }

    [Test]
    public async Task A_provider_without_usage_is_billed_the_gateways_count_marked_estimated()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/embeddings", new { model = "gemini-emb", input = new[] { "the sky is blue", "grass is green" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var id = response.RequestId();

        var row = await Database.RequestRowAsync(id);
        UsageRowAssert.Has(row, kind: "embeddings", estimated: true);
        Assert.That((int)row["prompt_tokens"]!, Is.GreaterThan(0));
        Assert.That(row["billing_quantity"], Is.EqualTo((decimal)(int)row["prompt_tokens"]!));
        Assert.That((decimal)row["cost"]!, Is.GreaterThan(0m));
    }

    [Test]
    public async Task A_chat_row_says_chat_and_tokens()
    {
        Provider("openai").AnswerChats();
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/chat/completions",
            new { model = "openai/gpt-4o-mini", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var row = await Database.RequestRowAsync(response.RequestId());
        UsageRowAssert.Has(row, kind: "chat", unit: "tokens", quantity: 29m);
    }

    [Test]
    public async Task A_budget_stops_embeddings_as_it_stops_chat()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BudgetedKey);

        // The provider bills 8 input tokens at $1 per token: $8 a request. The second request's reservation (its two
        // one-token inputs: $2) no longer fits a $9 monthly budget.
        using var first = await client.PostAsJsonAsync("/v1/embeddings", new { model = "dear", input = new[] { "a", "b" } });
        using var second = await client.PostAsJsonAsync("/v1/embeddings", new { model = "dear", input = new[] { "a", "b" } });

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((int)second.StatusCode, Is.EqualTo(429));
        var error = JsonNode.Parse(await second.Content.ReadAsStringAsync())!["error"]!;
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("insufficient_quota"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("monthly budget"));
    }
}
