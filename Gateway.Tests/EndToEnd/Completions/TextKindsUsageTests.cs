using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;
using Npgsql;

namespace Gateway.Tests.EndToEnd.Completions;

/// <summary>Legacy completions and moderations on a real PostgreSQL: one usage row per request with its kind, unit, quantity and cost.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class TextKindsUsageTests
{
    private TestDatabase _database = null!;
    private FakeProvider _openAi = null!;
    private FakeProvider _anthropic = null!;
    private GatewayHost _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _openAi = new FakeProvider();
        _openAi.Reply("/v1/completions", 200, Fixture.Text("OpenAi", "completions.response.json"));
        _openAi.Reply("/v1/moderations", 200, Fixture.Text("OpenAi", "moderations.response.json"));
        _anthropic = new FakeProvider();
        _anthropic.ReplyStream("/v1/messages", Fixture.Text("Anthropic", "stream-text.sse"));
        _gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": {
                  "openai": { "Kind": "openai", "BaseUrl": "{{_openAi.Url}}/v1", "ApiKey": "k" },
                  "anthropic": { "Kind": "anthropic", "BaseUrl": "{{_anthropic.Url}}", "ApiKey": "k" }
                },
                "Models": {
                  "instruct": { "Targets": [ { "Provider": "openai", "Model": "gpt-3.5-turbo-instruct" } ] },
                  "claude": { "Targets": [ { "Provider": "anthropic", "Model": "claude-haiku-4-5" } ] },
                  "mod": { "Targets": [ { "Provider": "openai", "Model": "omni-moderation-latest" } ] },
                  "priced-mod": { "Targets": [ { "Provider": "openai", "Model": "omni-moderation-latest",
                                  "Price": { "InputPerMTok": 1000000, "OutputPerMTok": 0 } } ] }
                },
                "Keys": { "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" } }
              }
            }
            """, TextKindsCatalog.Json,
            "--ConnectionStrings:Gateway", _database.ConnectionString,
            "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1"),
            "--Gateway:Usage:MaxBatchDelaySeconds", "0.02");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _gateway.DisposeAsync();
        _openAi.Dispose();
        _anthropic.Dispose();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task A_passed_through_completion_is_billed_the_providers_tokens()
    {
        using var response = await _gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "instruct", prompt = "Say this is a test", max_tokens = 7 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var row = await RowAsync(response.Headers.GetValues("x-request-id").Single());
        Assert.Multiple(() =>
        {
            Assert.That((row["kind"], row["billing_unit"], row["billing_quantity"]), Is.EqualTo(("completions", "tokens", 12m)));
            Assert.That((row["prompt_tokens"], row["completion_tokens"]), Is.EqualTo((5, 7)));
            // 5 × $1.50 + 7 × $2.00 per million.
            Assert.That(row["cost"], Is.EqualTo(0.0000215m));
            Assert.That(row["estimated"], Is.False);
            Assert.That(row["served_model"], Is.EqualTo("gpt-3.5-turbo-instruct"));
        });
    }

    [Test]
    public async Task A_streamed_completion_through_chat_is_billed_the_chat_providers_tokens()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = JsonContent.Create(new { model = "claude", prompt = "Hi", stream = true }) };
        using var response = await _gateway.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await response.Content.ReadAsStringAsync();

        var row = await RowAsync(response.Headers.GetValues("x-request-id").Single());
        Assert.Multiple(() =>
        {
            Assert.That((row["kind"], row["billing_unit"]), Is.EqualTo(("completions", "tokens")));
            Assert.That((row["prompt_tokens"], row["completion_tokens"]), Is.EqualTo((11, 6)));
            Assert.That(row["billing_quantity"], Is.EqualTo(17m));
            // 11 × $1 + 6 × $5 per million.
            Assert.That(row["cost"], Is.EqualTo(0.000041m));
            Assert.That(row["stream"], Is.True);
        });
    }

    [Test]
    public async Task A_moderation_is_billed_the_gateways_count_of_its_input_at_the_catalogs_price_of_zero()
    {
        var result = await _gateway.OpenAIClient().GetModerationClient("mod").ClassifyTextAsync("I want to kill them.");
        var id = result.GetRawResponse().Headers.TryGetValue("x-request-id", out var header) ? header! : throw new AssertionException("no x-request-id");

        var row = await RowAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That((row["kind"], row["billing_unit"]), Is.EqualTo(("moderations", "input_tokens")));
            Assert.That((int)row["prompt_tokens"]!, Is.GreaterThan(0));
            Assert.That(row["completion_tokens"], Is.EqualTo(0));
            Assert.That(row["billing_quantity"], Is.EqualTo((decimal)(int)row["prompt_tokens"]!));
            Assert.That(row["cost"], Is.EqualTo(0m), "OpenAI's moderation models are free");
            Assert.That(row["estimated"], Is.True, "OpenAI reports no usage for moderations");
        });
    }

    [Test]
    public async Task A_priced_moderation_costs_its_input_tokens()
    {
        using var response = await _gateway.Http.PostAsJsonAsync("/v1/moderations", new { model = "priced-mod", input = "I want to kill them." });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var row = await RowAsync(response.Headers.GetValues("x-request-id").Single());
        Assert.That(row["kind"], Is.EqualTo("moderations"));
        Assert.That(row["cost"], Is.EqualTo((decimal)(int)row["prompt_tokens"]!), "one dollar per token");
    }

    private async Task<Dictionary<string, object?>> RowAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var command = _database.DataSource.CreateCommand(
                "select kind, billing_unit, billing_quantity, prompt_tokens, completion_tokens, cost, estimated, stream, served_model from requests where id = $1");
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
