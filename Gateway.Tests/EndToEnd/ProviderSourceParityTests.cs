using Gateway.Tests.Admin;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// One provider model whichever source it comes from: the same provider — a base URL with its region, a regional base
/// URL, an active health check, a credential — from the config file and through the admin API into the database, run
/// through the same test: each key's region is served from its own destination, and a destination whose probe fails is
/// taken out until then.
/// </summary>
[TestFixture]
public sealed class ProviderSourceParityTests : AdminTest
{
    private const string Probe = """{ "path": "/models", "interval_seconds": 0.2, "timeout_seconds": 1, "failure_threshold": 1 }""";

    private static readonly Guid ProbeMapping = Guid.Parse("5d1f3c1e-7a0b-4c55-9a1e-0c4f2b6d8e01");

    private readonly Dictionary<string, (FakeProvider Eu, FakeProvider Us)> _servers = [];

    protected override string ExtraGatewayConfig
    {
        get
        {
            var (eu, us) = Servers("file");
            return $$"""
                "Region": "us",
                "Providers": {
                  "file-regional": { "Kind": "openai", "BaseUrl": "{{eu.Url}}/v1", "Region": "eu", "RegionalBaseUrls": { "us": "{{us.Url}}/v1" },
                                     "ApiKey": "sk-regional-credential",
                                     "HealthCheck": { "Path": "/models", "IntervalSeconds": 0.2, "TimeoutSeconds": 1, "FailureThreshold": 1 } }
                },
                "Models": { "file-chat": { "Targets": [ { "Provider": "file-regional", "Model": "m" } ] } },
                """;
        }
    }

    [OneTimeTearDown]
    public void StopProviders()
    {
        foreach (var (eu, us) in _servers.Values)
        {
            eu.Dispose();
            us.Dispose();
        }
    }

    [TestCase("file")]
    [TestCase("db")]
    public async Task Serves_each_region_from_its_destination_and_takes_out_one_whose_probe_fails(string source)
    {
        var (eu, us) = Servers(source);
        var model = await ModelAsync(source);
        var org = await CreateOrganizationAsync();
        var euKey = (await CreateAsync("/admin/v1/keys", $$"""{"name":"{{Unique("eu")}}","region":"eu","bindings":[{"scope":"org:{{org}}"}]}"""))["secret"]!.GetValue<string>();
        var usKey = (await CreateAsync("/admin/v1/keys", $$"""{"name":"{{Unique("us")}}","region":"us","bindings":[{"scope":"org:{{org}}"}]}"""))["secret"]!.GetValue<string>();
        await EventuallyAsync(async () => eu.Requests.Any(IsProbe) && us.Requests.Any(IsProbe), TimeSpan.FromSeconds(10));
        var probe = eu.Requests.First(IsProbe).RequestMessage;
        Assert.That(probe.Headers!["Authorization"].ToString(), Is.EqualTo("Bearer sk-regional-credential"), "probes carry the credential");
        eu.Server.ResetLogEntries();
        us.Server.ResetLogEntries();

        for (var i = 0; i < 4; i++)
        {
            using var euServed = await ChatAsync(model, euKey);
            using var usServed = await ChatAsync(model, usKey);
            Assert.That((euServed.StatusCode, usServed.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        }
        Assert.That(eu.Requests.Count(IsChat), Is.EqualTo(4), "the eu key went to the base URL, whose region is eu");
        Assert.That(us.Requests.Count(IsChat), Is.EqualTo(4), "the us key went to the regional base URL");

        AnswerProbes(eu, 503);
        var failedProbes = eu.Requests.Count(IsProbe);
        await EventuallyAsync(() => Task.FromResult(eu.Requests.Count(IsProbe) >= failedProbes + 2), TimeSpan.FromSeconds(10));
        var before = eu.Requests.Count(IsChat);
        for (var i = 0; i < 3; i++)
        {
            using var served = await ChatAsync(model, euKey);
            Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That(eu.Requests.Count(IsChat), Is.EqualTo(before), "the probe took eu out: the eu key is served from us");
        Assert.That(us.Requests.Count(IsChat), Is.EqualTo(4 + 3));
    }

    private (FakeProvider Eu, FakeProvider Us) Servers(string source)
    {
        if (!_servers.TryGetValue(source, out var pair))
        {
            pair = (new FakeProvider(), new FakeProvider());
            foreach (var server in new[] { pair.Eu, pair.Us })
            {
                server.AnswerChats();
                AnswerProbes(server, 200);
            }
            _servers[source] = pair;
        }
        return pair;
    }

    /// <summary>The alias to call: the config file's, or one made for a provider created through the admin API.</summary>
    private async Task<string> ModelAsync(string source)
    {
        if (source == "file")
        {
            return "file-chat";
        }
        var (eu, us) = Servers(source);
        var id = Unique("db-regional");
        await CreateAsync("/admin/v1/providers", $$"""
            {"id":"{{id}}","kind":"openai","base_url":"{{eu.Url}}/v1","region":"eu","regional_base_urls":{"us":"{{us.Url}}/v1"},
             "scope":"global","credential":"sk-regional-credential","health_check":{{Probe}}}
            """);
        var alias = Unique("db-chat");
        await CreateAsync("/admin/v1/aliases", $$"""{"scope":"global","name":"{{alias}}","strategy":"failover","targets":[{"provider":"{{id}}","model":"m"}]}""");
        await EventuallyAsync(async () => (await ChatAsync(alias, GatewayHost.ClientKey)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10));
        return alias;
    }

    private Task<HttpResponseMessage> ChatAsync(string model, string key) => Gateway.PostChatAsync(GatewayHost.HiChatBody(model), key);

    /// <summary>Active probes are GETs of the health check's path; one mapping per server, replaced by its id.</summary>
    private static void AnswerProbes(FakeProvider server, int status) =>
        server.Server.Given(Request.Create().WithPath("/v1/models").UsingGet()).WithGuid(ProbeMapping)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody("""{"object":"list","data":[]}"""));

    private static bool IsProbe(WireMock.Logging.ILogEntry entry) => entry.RequestMessage.Path == "/v1/models";

    private static bool IsChat(WireMock.Logging.ILogEntry entry) => entry.RequestMessage.Path == "/v1/chat/completions";
}
