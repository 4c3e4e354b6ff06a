using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Npgsql;

namespace Gateway.Tests.EndToEnd.Embeddings;

/// <summary>Embeddings on a real PostgreSQL: one usage row per request with its kind, unit, quantity and cost; the stats endpoint; budgets.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class EmbeddingsUsageTests
{
    private const string BudgetedKey = "gw-test-budgeted-emb-key-0123456789";

    private TestDatabase _database = null!;
    private FakeProvider _openAi = null!;
    private FakeProvider _gemini = null!;
    private GatewayHost _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _openAi = new FakeProvider();
        _openAi.Reply("/v1/embeddings", 200, Fixture.Text("OpenAi", "embeddings-base64.response.json"));
        _gemini = new FakeProvider();
        _gemini.Reply("/v1beta/models/gemini-embedding-001:batchEmbedContents", 200, Fixture.Text("Gemini", "embeddings.response.json"));
        _gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": {
                  "openai": { "Kind": "openai", "BaseUrl": "{{_openAi.Url}}/v1", "ApiKey": "k" },
                  "gemini": { "Kind": "gemini", "BaseUrl": "{{_gemini.Url}}", "ApiKey": "k" }
                },
                "Models": {
                  "small": { "Targets": [ { "Provider": "openai", "Model": "text-embedding-3-small" } ] },
                  "gemini-emb": { "Targets": [ { "Provider": "gemini", "Model": "gemini-embedding-001" } ] },
                  "dear": { "Targets": [ { "Provider": "openai", "Model": "text-embedding-3-small",
                            "Price": { "InputPerMTok": 1000000, "OutputPerMTok": 0 } } ] }
                },
                "Keys": {
                  "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
                  "budgeted": { "KeyHash": "sha256:{{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(BudgetedKey)))}}", "MonthlyBudgetUsd": 9 }
                }
              }
            }
            """, EmbeddingsCatalog.Json,
            "--ConnectionStrings:Gateway", _database.ConnectionString,
            "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1"),
            "--Gateway:Usage:MaxBatchDelaySeconds", "0.02");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _gateway.DisposeAsync();
        _openAi.Dispose();
        _gemini.Dispose();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Records_one_row_with_kind_unit_quantity_and_cost_and_reports_them_in_generation_stats()
    {
        var result = await _gateway.OpenAIClient().GetEmbeddingClient("small").GenerateEmbeddingsAsync(["a", "b"]);
        var id = result.GetRawResponse().Headers.TryGetValue("x-request-id", out var header) ? header! : throw new AssertionException("no x-request-id");

        var row = await RowAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(row["kind"], Is.EqualTo("embeddings"));
            Assert.That(row["billing_unit"], Is.EqualTo("input_tokens"));
            Assert.That(row["billing_quantity"], Is.EqualTo(8m));
            Assert.That((row["prompt_tokens"], row["completion_tokens"]), Is.EqualTo((8, 0)));
            // 8 × $0.02 per million.
            Assert.That(row["cost"], Is.EqualTo(0.00000016m));
            Assert.That(row["estimated"], Is.False);
        });
        Assert.That(await _database.ScalarAsync<long>("select count(*) from requests where id = $1", id), Is.EqualTo(1));

        var stats = JsonNode.Parse(await _gateway.Http.GetStringAsync($"/api/v1/generation?id={id}"))!["data"]!;
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
        using var response = await _gateway.Http.PostAsJsonAsync("/v1/embeddings", new { model = "gemini-emb", input = new[] { "the sky is blue", "grass is green" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var id = response.Headers.GetValues("x-request-id").Single();

        var row = await RowAsync(id);
        Assert.That(row["kind"], Is.EqualTo("embeddings"));
        Assert.That(row["estimated"], Is.True);
        Assert.That((int)row["prompt_tokens"]!, Is.GreaterThan(0));
        Assert.That(row["billing_quantity"], Is.EqualTo((decimal)(int)row["prompt_tokens"]!));
        Assert.That((decimal)row["cost"]!, Is.GreaterThan(0m));
    }

    [Test]
    public async Task A_chat_row_says_chat_and_tokens()
    {
        _openAi.Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-text.response.json"));
        using var response = await _gateway.Http.PostAsJsonAsync("/v1/chat/completions",
            new { model = "openai/gpt-4o-mini", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var row = await RowAsync(response.Headers.GetValues("x-request-id").Single());
        Assert.That((row["kind"], row["billing_unit"], row["billing_quantity"]), Is.EqualTo(("chat", "tokens", 29m)));
    }

    [Test]
    public async Task A_budget_stops_embeddings_as_it_stops_chat()
    {
        using var client = new HttpClient { BaseAddress = _gateway.BaseAddress };
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

    private async Task<Dictionary<string, object?>> RowAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var command = _database.DataSource.CreateCommand(
                "select kind, billing_unit, billing_quantity, prompt_tokens, completion_tokens, cost, estimated from requests where id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                return row;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertionException($"No usage row for {id}.");
            }
            await Task.Delay(20);
        }
    }
}
