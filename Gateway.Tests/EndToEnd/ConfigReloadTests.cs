using Gateway.Policies.Resilience;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Hosting;
using Yarp.ReverseProxy;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// SREs edit the config file; the running gateway picks up good edits (options too: the routing engine and the
/// circuit breakers, which keep their state, follow them) and refuses bad ones.
/// </summary>
[TestFixture]
public sealed class ConfigReloadTests : TwoProviderTest
{
    [Test]
    public async Task Serves_a_model_added_by_renaming_a_new_file_over_the_config()
    {
        await using var gateway = await GatewayHost.StartAsync(Config("a"));
        Assert.That((int)(await ChatAsync(gateway, "other")).StatusCode, Is.EqualTo(404));

        await gateway.ReplaceConfigAsync(Config("a", extraModel: """, "other": { "Targets": [ { "Provider": "b", "Model": "m2" } ] }"""));

        await EventuallyAsync(async () => (await ChatAsync(gateway, "other")).StatusCode == HttpStatusCode.OK);
        Assert.That(B.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("m2"));
    }

    [Test]
    public async Task A_provider_is_loaded_in_the_proxy_before_any_request_can_route_to_it()
    {
        // Requests route by the catalog snapshot and forward through the provider's YARP cluster: a snapshot naming a provider
        // whose cluster is not there yet makes a request skip it as not loaded (a 503 when it is the only candidate).
        await using var gateway = await GatewayHost.StartAsync(Config("a", removeB: true));
        var catalog = gateway.Services.GetRequiredService<CatalogPublisher>();
        var proxy = gateway.Services.GetRequiredService<IProxyStateLookup>();
        var unloadedSightings = 0;
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watcher = Task.Factory.StartNew(() =>
        {
            while (!watching.IsCancellationRequested)
            {
                if (catalog.Current.Catalog.Providers.ContainsKey("b"))
                {
                    if (!proxy.TryGetCluster(ProxyIds.ProviderCluster("b"), out _) || !proxy.TryGetRoute(ProxyIds.ProviderRoute("b"), out _))
                    {
                        unloadedSightings++;
                    }
                    return;
                }
            }
        }, TaskCreationOptions.LongRunning);

        await gateway.ReplaceConfigAsync(Config("b"));
        await watcher;

        Assert.That(catalog.Current.Catalog.Providers.ContainsKey("b"), "the edit was published");
        Assert.That(unloadedSightings, Is.Zero, "the snapshot named provider b before its cluster and route were in the proxy");
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

        await EditAndAwaitRejectionAsync(gateway, "{ \"Gateway\": { \"Providers\": ");

        Assert.That(ProviderOf(await ChatAsync(gateway, "chat")), Is.EqualTo("a"));
        await gateway.ReplaceConfigAsync(Config("b"));
        await EventuallyAsync(async () => ProviderOf(await ChatAsync(gateway, "chat")) == "b");
        Assert.That(await EditRejectedAsync(gateway), Is.False, "a good edit clears the flag");
    }

    [Test]
    public Task Keeps_the_last_good_config_when_an_edit_names_an_unknown_provider() =>
        AssertEditIsRefusedAsync(Config("a").Replace("\"Provider\": \"a\"", "\"Provider\": \"nope\"", StringComparison.Ordinal));

    [Test]
    public Task Keeps_the_last_good_config_when_an_edit_gives_a_provider_a_setting_its_adapter_does_not_declare() =>
        // A typo of ApiVersion: an OpenAI-kind provider reads no settings, so it would be silently ignored at request time.
        AssertEditIsRefusedAsync(Config("b").Replace("\"ApiKey\": \"k\" }", "\"ApiKey\": \"k\", \"Settings\": { \"ApiVerison\": \"1\" } }", StringComparison.Ordinal));

    [Test]
    public Task Keeps_the_last_good_config_when_an_edit_has_an_option_a_new_process_would_refuse() =>
        // Not part of the catalog, but validated at start: a running process that took it would leave new ones crash-looping.
        AssertEditIsRefusedAsync(Config("b").Replace("\"Keys\":", "\"Usage\": { \"BatchSize\": 0 }, \"Keys\":", StringComparison.Ordinal));

    [Test]
    public async Task Lets_a_request_in_flight_finish_on_the_config_it_started_with()
    {
        A.Reset();
        // The edit waits for the request to reach a (a fixed pause lost that race on a slow first request), and a
        // holds its answer until well after the edit is in force.
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = Fixture.Text("OpenAi", "chat-text.response.json");
        A.Server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost())
            .RespondWith(Response.Create().WithCallback(async _ =>
            {
                arrived.TrySetResult();
                await Task.Delay(TimeSpan.FromMilliseconds(1500));
                return new WireMock.ResponseMessage
                {
                    StatusCode = 200,
                    Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
                    BodyData = new WireMock.Util.BodyData { BodyAsString = answer, DetectedBodyType = WireMock.Types.BodyType.String },
                };
            }));
        await using var gateway = await GatewayHost.StartAsync(Config("a"));

        var inFlight = ChatAsync(gateway, "chat");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
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
            Assert.That(A.LastHeaders()["Authorization"].ToString(), Is.EqualTo("Bearer sk-from-environment"));
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

    [Test]
    public async Task A_new_default_output_reorders_cost_routing_without_a_restart()
    {
        // a: cheap prompt, dear output; b: the reverse. Which is cheaper depends on the output assumed for a request without max_tokens.
        const string models = """
            { "chat": { "Strategy": "cost", "Targets": [
              { "Provider": "a", "Model": "m", "Price": { "InputPerMTok": 1, "OutputPerMTok": 100 } },
              { "Provider": "b", "Model": "m", "Price": { "InputPerMTok": 100, "OutputPerMTok": 1 } } ] } }
            """;
        await using var gateway = await GatewayHost.StartAsync(OptionsConfig(models, """{ "DefaultOutputTokens": 1 }"""));
        Assert.That(ProviderOf(await ChatAsync(gateway, "chat")), Is.EqualTo("a"));

        await gateway.ReplaceConfigAsync(OptionsConfig(models, """{ "DefaultOutputTokens": 100000 }"""));

        await EventuallyAsync(async () => ProviderOf(await ChatAsync(gateway, "chat")) == "b");
    }

    [Test]
    public async Task A_new_breaker_threshold_applies_to_a_circuit_that_keeps_the_failures_it_counted()
    {
        A.Reset();
        A.Reply("/v1/chat/completions", 500, """{"error":{"message":"down","type":"server_error"}}""");
        const string models = """{ "chat": { "Targets": [ { "Provider": "a", "Model": "m" }, { "Provider": "b", "Model": "m" } ] } }""";
        await using var gateway = await GatewayHost.StartAsync(OptionsConfig(models, """{ "BreakerFailureThreshold": 1000, "MaxRetriesPerCandidate": 0 }"""));
        Assert.That(ProviderOf(await ChatAsync(gateway, "chat")), Is.EqualTo("b"), "a failed once and b answered");
        var breakers = gateway.Services.GetRequiredService<CircuitBreakerRegistry>();
        var breaker = breakers.Get("a", "m");

        await gateway.ReplaceConfigAsync(OptionsConfig(models, """{ "BreakerFailureThreshold": 2, "MaxRetriesPerCandidate": 0 }"""));
        await EventuallyAsync(() => Task.FromResult(breaker.Options.FailureThreshold == 2));

        using var second = await ChatAsync(gateway, "chat");
        using var third = await ChatAsync(gateway, "chat");
        Assert.That(A.Requests, Has.Count.EqualTo(2), "the second failure opened the circuit: the third request skipped a");
        Assert.That(breakers.Get("a", "m"), Is.SameAs(breaker));
        Assert.That(third.Headers.GetValues("x-gateway-dropped").Single(), Does.StartWith("a/m=circuit open until "));
    }

    [TestCase("""{ "BreakerFailureThreshold": 0 }""", "Gateway:Resilience:BreakerFailureThreshold")]
    [TestCase("""{ "DefaultOutputTokens": 0 }""", "Gateway:Resilience:DefaultOutputTokens")]
    public async Task A_bad_resilience_edit_is_refused_naming_the_field_and_the_breakers_keep_their_options(string resilience, string field)
    {
        const string models = """{ "chat": { "Targets": [ { "Provider": "a", "Model": "m" } ] } }""";
        await using var gateway = await GatewayHost.StartAsync(OptionsConfig(models, "{}"));
        var breaker = gateway.Services.GetRequiredService<CircuitBreakerRegistry>().Get("a", "m");
        var before = breaker.Options;

        await EditAndAwaitRejectionAsync(gateway, OptionsConfig(models, resilience));

        Assert.That(gateway.Services.GetRequiredService<ConfigReloadStatus>().LastErrors, Has.Some.StartsWith(field + ":"));
        Assert.That(breaker.Options, Is.SameAs(before));
        Assert.That(ProviderOf(await ChatAsync(gateway, "chat")), Is.EqualTo("a"));
    }

    /// <summary>Providers a and b, the given models and resilience options, and a health section that takes nothing out.</summary>
    private string OptionsConfig(string models, string resilience) => $$"""
        {
          "Gateway": {
            "Providers": {
              "a": { "Kind": "openai", "BaseUrl": "{{A.Url}}/v1", "ApiKey": "k" },
              "b": { "Kind": "openai", "BaseUrl": "{{B.Url}}/v1", "ApiKey": "k" }
            },
            "Models": {{models}},
            "Health": {{GatewayHost.NoCooldownsJson}},
            "Resilience": {{resilience}},
            "Keys": {{GatewayHost.KeysJson}}
          }
        }
        """;

    private string Config(string provider, string extraModel = "", bool removeA = false, bool removeB = false) => $$"""
        {
          "Gateway": {
            "Providers": {
              {{(removeA ? "" : $$"""
              "a": { "Kind": "openai", "BaseUrl": "{{A.Url}}/v1", "ApiKey": "k" },
              """)}}
              {{(removeB ? "" : $$"""
              "b": { "Kind": "openai", "BaseUrl": "{{B.Url}}/v1", "ApiKey": "k" }
              """)}}
            },
            "Models": {
              "chat": { "Targets": [ { "Provider": "{{provider}}", "Model": "m" } ] }{{extraModel}}
            },
            "Keys": {{GatewayHost.KeysJson}}
          }
        }
        """;

    private static string? ProviderOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-gateway-provider", out var values) ? values.Single() : null;

    /// <summary>Starts on the config that routes chats to provider a, writes <paramref name="edit"/>, and checks that the gateway refuses it and still routes to a.</summary>
    private async Task AssertEditIsRefusedAsync(string edit)
    {
        await using var gateway = await GatewayHost.StartAsync(Config("a"));

        await EditAndAwaitRejectionAsync(gateway, edit);

        Assert.That(ProviderOf(await ChatAsync(gateway, "chat")), Is.EqualTo("a"));
    }

    /// <summary>Writes <paramref name="edit"/> over the config and waits until the gateway reports the edit rejected.</summary>
    private static async Task EditAndAwaitRejectionAsync(GatewayHost gateway, string edit)
    {
        await gateway.ReplaceConfigAsync(edit);
        await EventuallyAsync(async () => await EditRejectedAsync(gateway));
    }

    private static async Task<bool> EditRejectedAsync(GatewayHost gateway)
    {
        var ready = JsonNode.Parse(await gateway.Http.GetStringAsync("/readyz"))!;
        return ready["last_config_edit_rejected"]!.GetValue<bool>();
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition) => Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
}
