namespace Gateway.Tests.EndToEnd;

/// <summary>A provider account in several regions: the caller's region first, the others when it is out.</summary>
[TestFixture]
public sealed class RegionTests : TwoProviderTest
{
    private const string EuKey = "gw-test-eu-key-0123456789";
    private const string UsKey = "gw-test-us-key-0123456789";

    /// <summary>The provider in the EU region.</summary>
    private FakeProvider Eu => A;

    /// <summary>The provider in the US region.</summary>
    private FakeProvider Us => B;

    [Test]
    public async Task Sends_each_key_to_its_own_region_and_others_to_the_gateways()
    {
        await using var gateway = await StartAsync("us");

        for (var i = 0; i < 10; i++)
        {
            using var eu = await ChatAsync(gateway, EuKey);
            using var fallback = await ChatAsync(gateway, GatewayHost.ClientKey);
            Assert.That(eu.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(fallback.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(Eu.Requests, Has.Count.EqualTo(10), "the eu key stayed in eu");
        Assert.That(Us.Requests, Has.Count.EqualTo(10), "a key without a region went to the gateway's region");
    }

    [Test]
    public async Task Falls_back_to_another_region_when_its_own_is_out()
    {
        Eu.Reset();
        Eu.Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));
        await using var gateway = await StartAsync("eu");

        using var first = await ChatAsync(gateway, EuKey);
        using var second = await ChatAsync(gateway, EuKey);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the retry went to the other region, not the one that just failed");
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Eu.Requests, Has.Count.EqualTo(2), "one 503 takes eu out of nothing: the key's own region is tried first again");
        Assert.That(Us.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Sends_a_keys_requests_to_another_region_once_its_own_is_ejected()
    {
        Eu.Reset();
        Eu.Reply("/v1/chat/completions", 503, Fixture.Text("OpenAi", "error-500.json"));
        await using var gateway = await StartAsync("eu", health: """ "Health": { "ConsecutiveFailures": 2 }, """);

        for (var i = 0; i < 3; i++)
        {
            using var served = await ChatAsync(gateway, EuKey);
            Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That(Eu.Requests, Has.Count.EqualTo(2), "ejected after two 503s in a row, eu is not tried by the third request");
        Assert.That(Us.Requests, Has.Count.EqualTo(3));
    }

    private async Task<GatewayHost> StartAsync(string gatewayRegion, string health = "") =>
        await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Region": "{{gatewayRegion}}",
                {{health}}
                "Providers": {
                  "global": { "Kind": "openai", "ApiKey": "k", "RegionalBaseUrls": { "eu": "{{Eu.Url}}/v1", "us": "{{Us.Url}}/v1" } }
                },
                "Models": { "chat": { "Targets": [ { "Provider": "global", "Model": "m" } ] } },
                "Keys": {
                  "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
                  "eu": { "KeyHash": "sha256:{{Hash(EuKey)}}", "Region": "eu" },
                  "us": { "KeyHash": "sha256:{{Hash(UsKey)}}", "Region": "us" }
                }
              }
            }
            """);

    private static string Hash(string key) => GatewayHost.KeyHash(key);

    private static Task<HttpResponseMessage> ChatAsync(GatewayHost gateway, string key) => gateway.PostChatAsync(GatewayHost.HiChatBody("chat"), key);
}
