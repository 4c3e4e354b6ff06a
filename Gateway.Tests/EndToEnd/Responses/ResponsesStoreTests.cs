using System.ClientModel;
using Gateway.Data.Keys;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // the SDK's Responses client is marked for evaluation

namespace Gateway.Tests.EndToEnd.Responses;

/// <summary>
/// Responses the gateway keeps in a real PostgreSQL: <c>GET</c> and <c>DELETE /v1/responses/{id}</c> for the owning
/// tenant only, and <c>previous_response_id</c> continued from the stored conversation (translated) or at the provider
/// and model that made the response (passed through).
/// </summary>
[TestFixture]
public sealed class ResponsesStoreTests
{
    private const string ProviderResponseId = "resp_68b1f2c4a7d08190a1b7e3c9d2f4a5b60c1d2e3f4a5b6c7d";

    private TestDatabase _database = null!;
    private FakeProvider _openai = null!;
    private FakeProvider _anthropic = null!;
    private GatewayHost _gateway = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _openai = new FakeProvider();
        _anthropic = new FakeProvider();
        _gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": {
                  "openai": { "Kind": "openai", "BaseUrl": "{{_openai.Url}}/v1", "ApiKey": "sk-openai" },
                  "anthropic": { "Kind": "anthropic", "BaseUrl": "{{_anthropic.Url}}", "ApiKey": "sk-anthropic" }
                },
                "Models": {
                  "gpt": { "Targets": [ { "Provider": "openai", "Model": "gpt-4.1" } ] },
                  "claude": { "Targets": [ { "Provider": "anthropic", "Model": "claude-sonnet-4-5", "MaxOutputTokens": 1024 } ] },
                  "mixed": { "Strategy": "failover", "Targets": [ { "Provider": "anthropic", "Model": "claude-sonnet-4-5" }, { "Provider": "openai", "Model": "gpt-4.1" } ] }
                },
                "Keys": {{GatewayHost.KeysJson}}
              }
            }
            """, extraArgs: ["--ConnectionStrings:Gateway", _database.ConnectionString, "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1")]);
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _gateway.DisposeAsync();
        _openai.Dispose();
        _anthropic.Dispose();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Keeps_a_translated_response_for_its_tenant_to_get_and_delete()
    {
        _anthropic.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));
        var tenantKey = await CreateTenantKeyAsync();
        var tenant = Client(tenantKey);

        ResponseResult created = await tenant.CreateResponseAsync(new CreateResponseOptions("claude", [ResponseItem.CreateUserMessageItem("Who are you?")]));
        ResponseResult fetched = await tenant.GetResponseAsync(created.Id);

        Assert.That(fetched.Id, Is.EqualTo(created.Id));
        Assert.That(fetched.GetOutputText(), Is.EqualTo("Hi! My name is Claude."));
        Assert.That(fetched.Usage.InputTokenCount, Is.EqualTo(2095));
        Assert.That(await StatusAsync(HttpMethod.Get, created.Id, GatewayHost.ClientKey), Is.EqualTo(404), "another tenant's id is not found");
        Assert.That(await StatusAsync(HttpMethod.Delete, created.Id, GatewayHost.ClientKey), Is.EqualTo(404));

        ResponseDeletionResult deleted = await tenant.DeleteResponseAsync(created.Id);

        Assert.That(deleted.Deleted, Is.True);
        Assert.That(deleted.ResponseId, Is.EqualTo(created.Id));
        var gone = await AsyncAssert.ThrowsAsync<ClientResultException>(() => tenant.GetResponseAsync(created.Id));
        Assert.That(gone!.Status, Is.EqualTo(404));
    }

    [Test]
    public async Task Keeps_a_passed_through_stream_under_the_gateways_id()
    {
        _openai.ReplyStream("/v1/responses", Fixture.Text("OpenAi", "responses-stream-text.sse"));
        var client = Client(GatewayHost.ClientKey);

        var completed = (await ResponsesStreamResult.CollectAsync(client, "gpt", "Hallo")).Completed;
        ResponseResult fetched = await client.GetResponseAsync(completed!.Id);

        Assert.That(fetched.Id, Is.EqualTo(completed.Id).And.Not.EqualTo(ProviderResponseId));
        Assert.That(fetched.GetOutputText(), Is.EqualTo("Grüße! Das ist ein \"Test\" — 🌍 ok."));
        Assert.That(await _database.ScalarAsync<string>("select provider_response_id from stored_responses where id = $1", completed.Id), Is.EqualTo(ProviderResponseId));
    }

    [Test]
    public async Task Continues_a_translated_response_from_its_stored_conversation()
    {
        _anthropic.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));
        var client = Client(GatewayHost.ClientKey);
        ResponseResult first = await client.CreateResponseAsync("claude", "Who are you?");

        await client.CreateResponseAsync("claude", "And what do you do?", first.Id);

        var messages = _anthropic.LastBody()["messages"]!.AsArray();
        Assert.That(messages, Has.Count.EqualTo(3));
        Assert.That(messages[0]!["role"]!.GetValue<string>(), Is.EqualTo("user"));
        Assert.That(messages[0]!["content"]!.ToJsonString(), Does.Contain("Who are you?"));
        Assert.That(messages[1]!["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
        Assert.That(messages[1]!["content"]!.ToJsonString(), Does.Contain("Hi! My name is Claude."));
        Assert.That(messages[2]!["content"]!.ToJsonString(), Does.Contain("And what do you do?"));
    }

    [Test]
    public async Task Sends_previous_response_id_only_to_the_provider_and_model_that_made_it()
    {
        _openai.Reply("/v1/responses", 200, Fixture.Text("OpenAi", "responses-text.json"));
        _anthropic.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));
        var client = Client(GatewayHost.ClientKey);
        ResponseResult first = await client.CreateResponseAsync("gpt", "Grüß mich!");

        using var followUp = await PostAsync($$"""{"model":"mixed","input":"Noch einmal","previous_response_id":"{{first.Id}}"}""", GatewayHost.ClientKey);

        Assert.That((int)followUp.StatusCode, Is.EqualTo(200));
        Assert.That(_anthropic.Requests, Is.Empty, "the first candidate did not make the previous response");
        var sent = _openai.LastBody();
        Assert.That(sent["previous_response_id"]!.GetValue<string>(), Is.EqualTo(ProviderResponseId), "the provider gets its own id");
        Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo("gpt-4.1"));
        var answer = JsonNode.Parse(await followUp.Content.ReadAsStringAsync())!;
        Assert.That(answer["id"]!.GetValue<string>(), Does.StartWith("resp_").And.Not.EqualTo(ProviderResponseId).And.Not.EqualTo(first.Id));

        using var elsewhere = await PostAsync($$"""{"model":"claude","input":"Noch einmal","previous_response_id":"{{first.Id}}"}""", GatewayHost.ClientKey);
        Assert.That((int)elsewhere.StatusCode, Is.EqualTo(400));
        Assert.That(JsonNode.Parse(await elsewhere.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("previous_response_id"));
    }

    [Test]
    public async Task Refuses_a_previous_response_id_it_does_not_know_naming_it()
    {
        using var response = await PostAsync("""{"model":"claude","input":"Hi","previous_response_id":"resp_unknown"}""", GatewayHost.ClientKey);

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("previous_response_id"));
        Assert.That(_anthropic.Requests, Is.Empty);
    }

    private ResponsesClient Client(string key) => _gateway.OpenAIClient(key).GetResponsesClient();

    private async Task<string> CreateTenantKeyAsync()
    {
        var (_, _, environment) = await _database.CreateEnvironmentAsync("acme", "agents", "prod");
        var key = await new ApiKeyRepository(_database.DataSource, _database.Options).CreateAsync(
            new NewApiKey("agents-prod", [new ApiKeyBindingSpec(Scope.ForEnvironment(environment.Id), [])]), CancellationToken.None);
        return key.Secret;
    }

    private async Task<int> StatusAsync(HttpMethod method, string id, string key)
    {
        using var request = new HttpRequestMessage(method, $"/v1/responses/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var client = new HttpClient { BaseAddress = _gateway.BaseAddress };
        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    private async Task<HttpResponseMessage> PostAsync(string json, string key)
    {
        using var client = new HttpClient { BaseAddress = _gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PostAsync("/v1/responses", body);
    }
}
