using Gateway.Proxy.Configuration;
using Gateway.Proxy.Hosting;

namespace Gateway.Tests.Hosting;

/// <summary>
/// Behind an ingress the client's address comes from <c>X-Forwarded-For</c>, but only when the connection is from a
/// proxy the operator trusts (<c>Gateway:TrustedProxies</c>); from anyone else the header is a claim, and ignored.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class TrustedProxyTests : DatabaseTest
{
    private FakeProvider _openAi = null!;

    [OneTimeSetUp]
    public void StartProvider() => _openAi = FakeProvider.AnsweringChats();

    [OneTimeTearDown]
    public void StopProvider() => _openAi.Dispose();

    // From a trusted proxy one hop back (ForwardLimit 1): the address that proxy saw, the right-most entry.
    [TestCase("KnownProxies", "127.0.0.1", "198.51.100.23, 203.0.113.7", "203.0.113.7",
        TestName = "Records_the_forwarded_client_address_when_the_connection_is_from_a_trusted_proxy")]
    [TestCase("KnownNetworks", "127.0.0.0/8", "203.0.113.9", "203.0.113.9", TestName = "Trusts_a_proxy_by_its_network")]
    [TestCase("KnownProxies", "10.9.8.7", "203.0.113.7", "127.0.0.1", TestName = "Ignores_the_header_from_a_connection_that_is_not_a_trusted_proxy")]
    [TestCase(null, null, "203.0.113.7", "127.0.0.1", TestName = "Trusts_no_header_by_default_not_even_from_loopback")]
    public async Task Records_the_client_address_the_trusted_proxies_vouch_for(string? trustedBy, string? trusted, string forwardedFor, string recorded)
    {
        await using var gateway = await StartGatewayAsync(trustedBy is null ? [] : [$"--Gateway:TrustedProxies:{trustedBy}:0", trusted!]);

        var row = await Database.RequestRowAsync(await ChatAsync(gateway, forwardedFor));

        Assert.That(row["client_ip"]!.ToString(), Is.EqualTo(recorded));
    }

    [Test]
    public void Refuses_a_config_whose_trusted_network_is_not_a_network()
    {
        var validator = GatewayApplication.CreateConfigValidator(new GatewayConfigFiles(Path.Combine(Path.GetTempPath(), "gateway.json")));
        var result = validator.Validate(GatewayConfigValidator.Candidate(new Dictionary<string, string?>
        {
            ["Gateway:TrustedProxies:KnownNetworks:0"] = "10.0.0.0/33",
            ["Gateway:TrustedProxies:KnownProxies:0"] = "proxy.internal",
        }));

        Assert.That(result.Errors, Has.Some.Contains("KnownNetworks[0]").And.Some.Contains("KnownProxies[0]"));
    }

    private Task<GatewayHost> StartGatewayAsync(params string[] args) => GatewayHost.StartAsync($$"""
        {
          "Gateway": {
            "Providers": { "openai": { "Kind": "openai", "BaseUrl": "{{_openAi.Url}}/v1", "ApiKey": "k" } },
            "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini", "Price": { "InputPerMTok": 1, "OutputPerMTok": 1 } } ] } },
            "Keys": {{GatewayHost.KeysJson}}
          }
        }
        """, extraArgs: Database.GatewayArgs(args));

    private static async Task<string> ChatAsync(GatewayHost gateway, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.ClientKey);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await gateway.Http.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        return response.Headers.GetValues("x-request-id").Single();
    }
}
