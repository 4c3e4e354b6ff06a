using System.Net.Sockets;
using Gateway.Proxy.Hosting;

namespace Gateway.Tests.Hosting;

/// <summary>
/// <c>Gateway:ManagementUrls</c> moves <c>/metrics</c> and the detailed <c>/readyz</c> to their own port: the public
/// port then has no metrics and a readiness answer that names no provider or database state, and the management port
/// serves nothing else. Both are real Kestrel ports of one in-process gateway.
/// </summary>
[TestFixture]
public sealed class ManagementPortTests
{
    private FakeProvider _provider = null!;
    private GatewayHost _gateway = null!;
    private HttpClient _management = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _provider = FakeProvider.AnsweringChats();
        var port = FreePort();
        _gateway = await GatewayHost.StartAsync(ConfigJson(), extraArgs: ["--Gateway:ManagementUrls", $"http://127.0.0.1:{port}"]);
        _management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _management.Dispose();
        await _gateway.DisposeAsync();
        _provider.Dispose();
    }

    [Test]
    public async Task Serves_metrics_on_the_management_port_only()
    {
        await _gateway.ChatClient("chat").CompleteChatAsync([new OpenAI.Chat.UserChatMessage("hi")]);

        using var onPublic = await _gateway.Http.GetAsync("/metrics");
        var onManagement = await _management.GetStringAsync("/metrics");

        Assert.That(onPublic.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await onPublic.Content.ReadAsStringAsync(), Does.Not.Contain("gateway_"));
        Assert.That(onManagement, Does.Contain("gateway_requests_total{model=\"chat\",provider=\"openai\",status=\"200\"}"));
    }

    [Test]
    public async Task Public_readiness_says_only_ready_while_the_management_port_has_the_details()
    {
        using var onPublic = await new HttpClient { BaseAddress = _gateway.BaseAddress }.GetAsync("/readyz");
        var publicBody = JsonNode.Parse(await onPublic.Content.ReadAsStringAsync())!.AsObject();
        var detailed = JsonNode.Parse(await _management.GetStringAsync("/readyz"))!;

        Assert.That(onPublic.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(publicBody.Select(property => property.Key), Is.EqualTo(new[] { "status" }), "no provider ids, no database state");
        Assert.That(publicBody["status"]!.GetValue<string>(), Is.EqualTo("ready"));
        Assert.That(detailed["providers"]!["openai"]!["available"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(detailed["database"]!.GetValue<string>(), Is.EqualTo("not_configured"));
        Assert.That(detailed["status"]!.GetValue<string>(), Is.EqualTo("ready"));
    }

    [Test]
    public async Task Both_ports_answer_liveness()
    {
        Assert.That(await _gateway.Http.GetStringAsync("/healthz"), Is.EqualTo("ok"));
        Assert.That(await _management.GetStringAsync("/healthz"), Is.EqualTo("ok"));
    }

    [Test]
    public async Task The_management_port_serves_no_api()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayHost.ClientKey);
        using var models = await _management.SendAsync(request);
        using var publicModels = await _gateway.Http.GetAsync("/v1/models");

        Assert.That(models.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(JsonNode.Parse(await models.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("unknown_url"));
        Assert.That(publicModels.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Refuses_to_start_with_a_management_port_that_is_also_public()
    {
        var port = FreePort();
        var failure = await AsyncAssert.ThrowsAsync<InvalidOperationException>(() =>
            GatewayHost.StartAsync(ConfigJson(), extraArgs: ["--urls", $"http://127.0.0.1:{port}", "--Gateway:ManagementUrls", $"http://0.0.0.0:{port}"]));
        Assert.That(failure!.Message, Does.Contain(ManagementPort.ConfigurationKey));
    }

    [Test]
    public async Task Refuses_to_start_with_a_management_url_without_a_port()
    {
        var failure = await AsyncAssert.ThrowsAsync<InvalidOperationException>(() =>
            GatewayHost.StartAsync(ConfigJson(), extraArgs: ["--Gateway:ManagementUrls", "http://127.0.0.1:0"]));
        Assert.That(failure!.Message, Does.Contain("fixed port"));
    }

    [Test]
    public async Task Without_a_management_port_the_public_port_serves_both_as_before()
    {
        await using var gateway = await GatewayHost.StartAsync(ConfigJson());

        Assert.That(await gateway.Http.GetStringAsync("/metrics"), Does.Contain("gateway_config_revision"));
        Assert.That(JsonNode.Parse(await gateway.Http.GetStringAsync("/readyz"))!["providers"], Is.Not.Null);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string ConfigJson() => $$"""
        {
          "Gateway": {
            "Providers": { "openai": { "Kind": "openai", "BaseUrl": "{{_provider.Url}}/v1", "ApiKey": "k" } },
            "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] } },
            "Keys": {{GatewayHost.KeysJson}}
          }
        }
        """;
}
