using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Proxy.Hosting;
using Gateway.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Gateway.Tests.EndToEnd;

/// <summary>SREs edit the config file; the running gateway picks up good edits and refuses bad ones.</summary>
[TestFixture]
public sealed class ConfigReloadTests
{
    private FakeProvider _a = null!;
    private FakeProvider _b = null!;

    [SetUp]
    public void StartProviders()
    {
        _a = new FakeProvider();
        _b = new FakeProvider();
        _a.Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-text.response.json"));
        _b.Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-text.response.json"));
    }

    [TearDown]
    public void StopProviders()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Test]
    public async Task Serves_a_model_added_by_renaming_a_new_file_over_the_config()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("a"));
        Assert.That((int)(await ChatAsync(gateway, "other")).StatusCode, Is.EqualTo(404));

        await gateway.ReplaceConfigAsync(Config("a", extraModel: """, "other": { "Targets": [ { "Provider": "b", "Model": "m2" } ] }"""));

        await EventuallyAsync(async () => (await ChatAsync(gateway, "other")).StatusCode == HttpStatusCode.OK);
        Assert.That(_b.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("m2"));
    }

    [Test]
    public async Task Moves_an_alias_to_another_provider_without_restart()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("a"));
        Assert.That(ProviderOf(await ChatAsync(gateway, "chat")), Is.EqualTo("a"));

        await File.WriteAllTextAsync(gateway.ConfigPath, Config("b"));

        await EventuallyAsync(async () => ProviderOf(await ChatAsync(gateway, "chat")) == "b");
    }

    [Test]
    public async Task Keeps_the_last_good_config_when_an_edit_is_not_valid_json()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("a"));

        await gateway.ReplaceConfigAsync("{ \"Gateway\": { \"Providers\": ");
        await EventuallyAsync(async () => await EditRejectedAsync(gateway));

        Assert.That(ProviderOf(await ChatAsync(gateway, "chat")), Is.EqualTo("a"));
        await gateway.ReplaceConfigAsync(Config("b"));
        await EventuallyAsync(async () => ProviderOf(await ChatAsync(gateway, "chat")) == "b");
        Assert.That(await EditRejectedAsync(gateway), Is.False, "a good edit clears the flag");
    }

    [Test]
    public async Task Keeps_the_last_good_config_when_an_edit_names_an_unknown_provider()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("a"));

        await gateway.ReplaceConfigAsync(Config("a").Replace("\"Provider\": \"a\"", "\"Provider\": \"nope\"", StringComparison.Ordinal));
        await EventuallyAsync(async () => await EditRejectedAsync(gateway));

        Assert.That(ProviderOf(await ChatAsync(gateway, "chat")), Is.EqualTo("a"));
    }

    [Test]
    public async Task Keeps_the_last_good_config_when_an_edit_has_an_option_a_new_process_would_refuse()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("a"));

        // Not part of the catalog, but validated at start: a running process that took it would leave new ones crash-looping.
        await gateway.ReplaceConfigAsync(Config("b").Replace("\"Keys\":", "\"Usage\": { \"BatchSize\": 0 }, \"Keys\":", StringComparison.Ordinal));
        await EventuallyAsync(async () => await EditRejectedAsync(gateway));

        Assert.That(ProviderOf(await ChatAsync(gateway, "chat")), Is.EqualTo("a"));
    }

    [Test]
    public async Task Lets_a_request_in_flight_finish_on_the_config_it_started_with()
    {
        _a.Reset();
        _a.Server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(Fixture.Text("OpenAi", "chat-text.response.json")).WithDelay(TimeSpan.FromMilliseconds(1500)));
        await using var gateway = await GatewayHost.StartAsync(Config("a"));

        var inFlight = ChatAsync(gateway, "chat");
        await Task.Delay(300);
        await gateway.ReplaceConfigAsync(Config("b", removeA: true));
        await EventuallyAsync(async () => ProviderOf(await ChatAsync(gateway, "chat")) == "b");

        var finished = await inFlight;
        Assert.That(finished.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ProviderOf(finished), Is.EqualTo("a"));
    }

    [Test]
    public async Task Resolves_env_references_for_keys_and_credentials()
    {
        var variable = "GW_TEST_PROVIDER_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-from-environment");
        try
        {
            await using var gateway = await GatewayHost.StartAsync(Config("a").Replace("\"ApiKey\": \"k\"", $"\"ApiKey\": \"env:{variable}\"", StringComparison.Ordinal));
            await ChatAsync(gateway, "chat");
            Assert.That(_a.LastHeaders()["Authorization"].ToString(), Is.EqualTo("Bearer sk-from-environment"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public void Refuses_to_start_with_an_invalid_config_naming_each_bad_field()
    {
        var directory = Directory.CreateTempSubdirectory("gw-bad-").FullName;
        var path = Path.Combine(directory, "gateway.json");
        File.WriteAllText(path, """
            { "Gateway": {
                "Providers": { "x": { "Kind": "openai", "BaseUrl": "not a url" }, "y": { "Kind": "martian", "BaseUrl": "http://h" } },
                "Models": { "m": { "Strategy": "random", "Targets": [ { "Provider": "x", "Model": "m" } ] },
                            "n": { "Targets": [ { "Provider": "z", "Model": "m" } ] } },
                "Limits": { "MaxAttempts": 0 } } }
            """);
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => GatewayApplication.Build(["--config", path, "--urls", "http://127.0.0.1:0"]));
            Assert.That(ex!.Message, Does.Contain("Gateway:Providers:x:BaseUrl")
                .And.Contain("Gateway:Providers:y:Kind")
                .And.Contain("Gateway:Models:m:Strategy")
                .And.Contain("Gateway:Models:n:Targets:0:Provider")
                .And.Contain("Gateway:Limits:MaxAttempts"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private string Config(string provider, string extraModel = "", bool removeA = false) => $$"""
        {
          "Gateway": {
            "Providers": {
              {{(removeA ? "" : $$"""
              "a": { "Kind": "openai", "BaseUrl": "{{_a.Url}}/v1", "ApiKey": "k" },
              """)}}
              "b": { "Kind": "openai", "BaseUrl": "{{_b.Url}}/v1", "ApiKey": "k" }
            },
            "Models": {
              "chat": { "Targets": [ { "Provider": "{{provider}}", "Model": "m" } ] }{{extraModel}}
            },
            "Keys": {{GatewayHost.KeysJson}}
          }
        }
        """;

    private static async Task<HttpResponseMessage> ChatAsync(GatewayHost gateway, string model)
    {
        using var body = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        return await gateway.Http.PostAsync("/v1/chat/completions", body);
    }

    private static string? ProviderOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-gateway-provider", out var values) ? values.Single() : null;

    private static async Task<bool> EditRejectedAsync(GatewayHost gateway)
    {
        var ready = JsonNode.Parse(await gateway.Http.GetStringAsync("/readyz"))!;
        return ready["last_config_edit_rejected"]!.GetValue<bool>();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("not picked up within 10 s");
            }
            await Task.Delay(100);
        }
    }
}
