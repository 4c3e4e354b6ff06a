namespace Gateway.Tests.Hosting;

/// <summary>
/// Every answer carries <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy: no-referrer</c> and (API answers)
/// <c>Cache-Control: no-store</c>; <c>Strict-Transport-Security</c> only over HTTPS, as an option.
/// </summary>
[TestFixture]
public sealed class SecurityHeadersTests
{
    private FakeProvider _provider = null!;

    [OneTimeSetUp]
    public void StartProvider()
    {
        _provider = new FakeProvider();
        _provider.Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-text.response.json"),
            headers: new Dictionary<string, string> { ["Cache-Control"] = "public, max-age=3600", ["X-Content-Type-Options"] = "sniff-away" });
    }

    [OneTimeTearDown]
    public void StopProvider() => _provider.Dispose();

    [Test]
    public async Task Sends_the_headers_on_every_kind_of_answer_over_http()
    {
        await using var gateway = await GatewayHost.StartAsync(ConfigJson());

        foreach (var (what, request) in Requests())
        {
            using var response = await gateway.Http.SendAsync(request);
            AssertSecurityHeaders(response, what);
            Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False, $"{what}: no HSTS over plain HTTP");
        }
    }

    [Test]
    public async Task Adds_strict_transport_security_over_https()
    {
        using var certificate = TestCertificate.Create();
        await using var gateway = await GatewayHost.StartAsync(ConfigJson(""" "Security": { "HstsMaxAgeSeconds": 600, "HstsIncludeSubDomains": true } """),
            extraArgs: certificate.KestrelArgs);
        using var client = TestCertificate.TrustingClient(gateway.BaseAddress);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayHost.ClientKey);
        Assert.That(gateway.BaseAddress.Scheme, Is.EqualTo("https"));

        foreach (var (what, request) in Requests())
        {
            using var response = await client.SendAsync(request);
            AssertSecurityHeaders(response, what);
            Assert.That(response.Headers.GetValues("Strict-Transport-Security").Single(), Is.EqualTo("max-age=600; includeSubDomains"), what);
        }
    }

    [Test]
    public async Task Leaves_strict_transport_security_out_when_turned_off()
    {
        using var certificate = TestCertificate.Create();
        await using var gateway = await GatewayHost.StartAsync(ConfigJson(""" "Security": { "Hsts": false } """), extraArgs: certificate.KestrelArgs);
        using var client = TestCertificate.TrustingClient(gateway.BaseAddress);

        using var response = await client.GetAsync("/healthz");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False);
        AssertSecurityHeaders(response, "healthz");
    }

    private static IEnumerable<(string What, HttpRequestMessage Request)> Requests()
    {
        yield return ("a served chat answer", Chat("""{"model":"chat","messages":[{"role":"user","content":"hi"}]}"""));
        yield return ("a 400 for bad input", Chat("{ nope"));
        yield return ("a 404 for an unknown model", Chat("""{"model":"nope","messages":[{"role":"user","content":"hi"}]}"""));
        yield return ("the model list", new HttpRequestMessage(HttpMethod.Get, "/v1/models"));
        yield return ("a 404 for an unknown path", new HttpRequestMessage(HttpMethod.Get, "/nowhere"));
        yield return ("liveness", new HttpRequestMessage(HttpMethod.Get, "/healthz"));
        yield return ("readiness", new HttpRequestMessage(HttpMethod.Get, "/readyz"));
        yield return ("metrics", new HttpRequestMessage(HttpMethod.Get, "/metrics"));
        var anonymous = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        anonymous.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");
        yield return ("a 401", anonymous);
    }

    private static HttpRequestMessage Chat(string body) =>
        new(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"), what);
        Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"), what);
        Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("no-store"), $"{what}: not even a provider's Cache-Control lets it be cached");
    }

    private string ConfigJson(string extra = "") => $$"""
        {
          "Gateway": {
            "Providers": { "openai": { "Kind": "openai", "BaseUrl": "{{_provider.Url}}/v1", "ApiKey": "k" } },
            "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] } },
            "Keys": {{GatewayHost.KeysJson}}{{(extra.Length > 0 ? "," + extra : "")}}
          }
        }
        """;
}
