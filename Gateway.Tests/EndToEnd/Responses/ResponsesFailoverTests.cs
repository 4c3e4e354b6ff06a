using Gateway.Proxy.Usage;
using OpenAI.Responses;

#pragma warning disable OPENAI001 // the SDK's Responses client is marked for evaluation

namespace Gateway.Tests.EndToEnd.Responses;

/// <summary>
/// The Responses door on the shared pipeline: an Azure target passed through on Azure's own path and credential, failover
/// from it to a translated Anthropic target, and the usage record and decision headers of the request that served.
/// </summary>
[TestFixture]
public sealed class ResponsesFailoverTests
{
    private FakeProvider _azure = null!;
    private FakeProvider _anthropic = null!;
    private RecordingUsageSink _usage = null!;
    private GatewayHost _gateway = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _azure = new FakeProvider();
        _anthropic = new FakeProvider();
        _usage = new RecordingUsageSink();
        _gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": {
                  "azure": { "Kind": "azure", "BaseUrl": "{{_azure.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
                  "anthropic": { "Kind": "anthropic", "BaseUrl": "{{_anthropic.Url}}", "ApiKey": "sk-anthropic" }
                },
                "Models": {
                  "assistant": { "Strategy": "failover", "Targets": [
                    { "Provider": "azure", "Model": "gpt-41-deployment" },
                    { "Provider": "anthropic", "Model": "claude-sonnet-4-5", "MaxOutputTokens": 1024 } ] }
                },
                "Keys": {{GatewayHost.KeysJson}},
                "Health": {{GatewayHost.NoCooldownsJson}}, "Resilience": {{GatewayHost.NoBreakersJson}}
              }
            }
            """, services => services.AddSingleton<IUsageSink>(_usage));
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _gateway.DisposeAsync();
        _azure.Dispose();
        _anthropic.Dispose();
    }

    [Test]
    public async Task Passes_through_to_azures_v1_responses_path_with_its_api_key()
    {
        _azure.Reply("/openai/v1/responses", 200, Fixture.Text("OpenAi", "responses-text.json"));

        ResponseResult response = await Client().CreateResponseAsync("assistant", "Grüß mich!");

        Assert.That(response.GetOutputText(), Is.EqualTo("Grüße! Das ist ein \"Test\" — 🌍 ok."));
        Assert.That(_azure.LastUrl(), Does.EndWith("/openai/v1/responses"));
        Assert.That(_azure.LastHeaders()["api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
        Assert.That(_azure.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("gpt-41-deployment"), "Azure's v1 surface takes the deployment as the model");
        Assert.That(_anthropic.Requests, Is.Empty);
    }

    [Test]
    public async Task Fails_over_from_a_passed_through_target_to_a_translated_one_and_records_the_usage()
    {
        _azure.Reply("/openai/v1/responses", 503, """{"error":{"message":"The service is temporarily unable to process your request.","type":"server_error","code":"service_unavailable"}}""");
        _anthropic.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));

        using var body = new StringContent("""{"model":"assistant","input":"Who are you?","store":false}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await _gateway.Http.PostAsync("/v1/responses", body);
        var record = await _usage.NextAsync(TimeSpan.FromSeconds(10));

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(answer["object"]!.GetValue<string>(), Is.EqualTo("response"));
        Assert.That(answer["output"]![0]!["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Hi! My name is Claude."));
        Assert.That(response.Headers.GetValues("x-gateway-provider").Single(), Is.EqualTo("anthropic"));
        Assert.That(response.Headers.GetValues("x-gateway-attempts").Single(), Is.EqualTo("2"));
        Assert.That(_azure.Requests, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(record.Id, Is.EqualTo(answer["id"]!.GetValue<string>()), "the usage row is keyed by the response's id");
            Assert.That(record.Kind, Is.EqualTo("chat"));
            Assert.That(record.ProviderId, Is.EqualTo("anthropic"));
            Assert.That(record.Status, Is.EqualTo(200));
            Assert.That(record.Attempts, Is.EqualTo(2));
            Assert.That(record.Tokens.PromptTokens, Is.EqualTo(2095));
            Assert.That(record.Tokens.CompletionTokens, Is.EqualTo(503));
        });
    }

    private ResponsesClient Client() => _gateway.OpenAIClient().GetResponsesClient();
}
