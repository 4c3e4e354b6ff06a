using Gateway.Proxy.Egress;
using Gateway.Proxy.Options;
using Gateway.Proxy.Forwarding;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Tests.Egress;

/// <summary>
/// The egress rule for providers tenant admins configure: which addresses are not public, what a URL tells when it is
/// written, and the cluster client that enforces it at connect time — the client YARP's active health probes use too,
/// so a probe of such a provider is held to the same rule as a request.
/// </summary>
[TestFixture]
public sealed class ProviderEgressTests
{
    [TestCase("127.0.0.1")]
    [TestCase("127.255.0.9")]
    [TestCase("0.0.0.0")]
    [TestCase("10.1.2.3")]
    [TestCase("172.16.0.1")]
    [TestCase("172.31.255.255")]
    [TestCase("192.168.0.1")]
    [TestCase("169.254.169.254")]
    [TestCase("100.64.0.1")]
    [TestCase("224.0.0.1")]
    [TestCase("::1")]
    [TestCase("::")]
    [TestCase("fe80::1")]
    [TestCase("fc00::1")]
    [TestCase("fd00::8")]
    [TestCase("::ffff:10.0.0.1")]
    [TestCase("64:ff9b::7f00:1")]
    [TestCase("2002:7f00:1::")]
    public void Inside_addresses_are_not_public(string address) =>
        Assert.That(NonPublicAddresses.Kind(IPAddress.Parse(address)), Is.Not.Null);

    [TestCase("8.8.8.8")]
    [TestCase("172.32.0.1")]
    [TestCase("162.159.140.245")]
    [TestCase("2606:4700::6810:84e5")]
    [TestCase("::ffff:8.8.8.8")]
    public void Internet_addresses_are_public(string address) =>
        Assert.That(NonPublicAddresses.Kind(IPAddress.Parse(address)), Is.Null);

    [TestCase("https://api.openai.com/v1", true)]
    [TestCase("https://8.8.8.8/v1", true)]
    [TestCase("http://api.openai.com/v1", false)]
    [TestCase("https://localhost/v1", false)]
    [TestCase("https://LOCALHOST./v1", false)]
    [TestCase("https://models.localhost/v1", false)]
    [TestCase("https://10.9.9.9/v1", false)]
    [TestCase("https://[::1]/v1", false)]
    [TestCase("http://10.20.0.7:8000/v1", true)]
    [TestCase("http://vllm.internal:8000/v1", true)]
    [TestCase("http://VLLM.internal.:8000/v1", true)]
    public void A_url_is_judged_by_what_it_tells(string url, bool allowed)
    {
        var policy = Policy(new ProviderEgressOptions { AllowedHosts = ["vllm.internal"], AllowedNetworks = ["10.20.0.0/16"] });

        Assert.That(policy.RefusalOf(new Uri(url)) is null, Is.EqualTo(allowed), policy.RefusalOf(new Uri(url)));
    }

    [Test]
    public void Allow_lists_that_are_not_networks_or_host_names_are_refused_at_start()
    {
        var options = new ProviderEgressOptions { AllowedHosts = ["ok.internal", "not a host"], AllowedNetworks = ["10.0.0.0/8", "10.0.0.0/33", "nonsense"] };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(result => result.ErrorMessage).ToList();

        Assert.That(errors, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task A_restricted_cluster_client_does_not_connect_inside_and_an_unrestricted_one_does()
    {
        using var inside = new FakeProvider();
        var factory = new GatewayHttpClientFactory(NullLogger<ForwarderHttpClientFactory>.Instance,
            new StaticOptionsMonitor<GatewayTimeoutsOptions>(new GatewayTimeoutsOptions()),
            new ProviderEgressConnector(Policy(new ProviderEgressOptions()), new LoopbackResolver(), NullLogger<ProviderEgressConnector>.Instance),
            Gateway.Proxy.Tracing.TracingState.Off);
        var plain = factory.CreateClient(new ForwarderHttpClientContext { ClusterId = "provider:p", NewConfig = HttpClientConfig.Empty });
        var restricted = factory.CreateClient(new ForwarderHttpClientContext
        {
            ClusterId = "provider:p",
            NewConfig = HttpClientConfig.Empty,
            NewMetadata = new Dictionary<string, string> { [ProxyIds.RestrictedEgressMetadata] = "true" },
            OldConfig = HttpClientConfig.Empty,
            OldClient = plain,
        });
        var probe = new Uri($"https://probe.tenant.test:{inside.Server.Port}/v1/models");

        Assert.That(restricted, Is.Not.SameAs(plain), "a change of restriction builds a new client");
        var refused = await AsyncAssert.ThrowsAsync<HttpRequestException>(() => restricted.SendAsync(new HttpRequestMessage(HttpMethod.Get, probe), CancellationToken.None));
        Assert.That(ProviderEgressRefusedException.IsIn(refused), Is.True, refused!.ToString());
        using var response = await plain.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{inside.Server.Port}/v1/models")), CancellationToken.None);
        Assert.That(inside.Requests, Has.Count.EqualTo(1), "only the unrestricted client reached the host inside");
        restricted.Dispose();
        plain.Dispose();
    }

    private static ProviderEgressPolicy Policy(ProviderEgressOptions options) => new(new StaticOptionsMonitor<ProviderEgressOptions>(options));

    private sealed class LoopbackResolver : IProviderHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult(new[] { IPAddress.Loopback });
    }
}
