using Gateway.Data.Keys;
using Gateway.Data.Tenancy;
using Gateway.Policies.Keys;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Quotas;

namespace Gateway.Tests.Quotas;

/// <summary>
/// A key's requests in flight at once: past its limit (a config key's <c>MaxConcurrentRequests</c>, a database key's
/// binding <c>max_concurrent</c>, else the gateway's default) a request is refused with 429; the place is freed when
/// the response ends, a stream's included.
/// </summary>
[TestFixture]
public sealed class KeyConcurrencyTests
{
    private PacedStreamProvider _slow = null!;
    private FakeProvider _fast = null!;

    [OneTimeSetUp]
    public async Task StartProvidersAsync()
    {
        _slow = await PacedStreamProvider.StartAsync(words: 400, interval: TimeSpan.FromMilliseconds(25));
        _fast = new FakeProvider();
        _fast.ReplyStream("/v1/chat/completions", Fixture.Text("OpenAi", "chat-text.stream.txt"));
    }

    [OneTimeTearDown]
    public async Task StopProvidersAsync()
    {
        await _slow.DisposeAsync();
        _fast.Dispose();
    }

    [Test]
    public async Task Refuses_a_request_past_the_keys_limit_while_its_stream_is_in_flight()
    {
        await using var gateway = await StartAsync();

        using (var streaming = await StartSlowStreamAsync(gateway, KeyOf("one")))
        {
            using var refused = await ChatAsync(gateway, KeyOf("one"), "fast");
            var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;

            Assert.That((int)refused.StatusCode, Is.EqualTo(429));
            Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("concurrency_limit_exceeded"));
            Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("requests"));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
            using var other = await ChatAsync(gateway, GatewayHost.ClientKey, "fast");
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another key is not affected");
        }

        // The client left: the stream ends and its place is free.
        await EventuallyAsync(() => InFlight(gateway, "one") == 0);
        using var after = await ChatAsync(gateway, KeyOf("one"), "fast");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Frees_the_place_when_each_stream_ends()
    {
        await using var gateway = await StartAsync();

        for (var i = 0; i < 5; i++)
        {
            using var response = await ChatAsync(gateway, KeyOf("one"), "fast");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"stream {i}");
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("[DONE]"));
            await EventuallyAsync(() => InFlight(gateway, "one") == 0);
        }
    }

    [Test]
    public async Task Applies_the_gateways_default_to_keys_without_their_own_limit()
    {
        await using var gateway = await StartAsync();

        using var first = await StartSlowStreamAsync(gateway, GatewayHost.ClientKey);
        using var second = await StartSlowStreamAsync(gateway, GatewayHost.ClientKey);
        using var third = await ChatAsync(gateway, GatewayHost.ClientKey, "fast");

        Assert.That((int)third.StatusCode, Is.EqualTo(429), "the default is 2 in flight");
    }

    [Test]
    public async Task Takes_a_database_keys_limit_from_its_binding()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = database.Options;
        var org = await new OrganizationRepository(database.DataSource, options).CreateAsync("acme", CancellationToken.None);
        var keys = new ApiKeyRepository(database.DataSource, options);
        var created = await keys.CreateAsync(new NewApiKey("one-at-a-time", [new ApiKeyBindingSpec(Scope.ForOrganization(org.Id), [], MaxConcurrent: 1)]), CancellationToken.None);
        Assert.That(created.Bindings.Single().MaxConcurrent, Is.EqualTo(1));
        await using var gateway = await StartAsync("--ConnectionStrings:Gateway", database.ConnectionString, "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1"));

        using (await StartSlowStreamAsync(gateway, created.Secret))
        {
            using var refused = await ChatAsync(gateway, created.Secret, "fast");
            Assert.That((int)refused.StatusCode, Is.EqualTo(429));
        }
        var rotated = await keys.RotateAsync(created.Key.Id, CancellationToken.None);
        Assert.That(rotated!.Bindings.Single().MaxConcurrent, Is.EqualTo(1), "rotation carries the limit");
    }

    private Task<GatewayHost> StartAsync(params string[] extraArgs) => GatewayHost.StartAsync($$"""
        {
          "Gateway": {
            "Providers": {
              "slow": { "Kind": "openai", "BaseUrl": "{{_slow.Url}}/v1", "ApiKey": "k" },
              "fast": { "Kind": "openai", "BaseUrl": "{{_fast.Url}}/v1", "ApiKey": "k" }
            },
            "Models": {
              "slow": { "Targets": [ { "Provider": "slow", "Model": "slow-model" } ] },
              "fast": { "Targets": [ { "Provider": "fast", "Model": "m" } ] }
            },
            "Keys": {
              "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
              "one": { "KeyHash": "sha256:{{Hash("one")}}", "MaxConcurrentRequests": 1 }
            },
            "Quotas": { "DefaultMaxConcurrentRequestsPerKey": 2 }
          }
        }
        """, extraArgs: extraArgs);

    /// <summary>A slow stream, once its first chunk has arrived (so it is surely in flight); dispose it to leave.</summary>
    private static async Task<HttpResponseMessage> StartSlowStreamAsync(GatewayHost gateway, string key)
    {
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent(Body("slow")) };
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256];
        Assert.That(await stream.ReadAsync(buffer), Is.GreaterThan(0));
        return response;
    }

    private static Task<HttpResponseMessage> ChatAsync(GatewayHost gateway, string key, string model) => gateway.PostChatAsync(Body(model), key);

    private static string Body(string model) => $$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static int InFlight(GatewayHost gateway, string name)
    {
        var catalog = gateway.Services.GetRequiredService<CatalogPublisher>().Current.Catalog;
        catalog.TryGetKey(KeyHash.Compute(KeyOf(name)), out var key);
        return gateway.Services.GetRequiredService<KeyConcurrencyLimiter>().InFlight(key!);
    }

    private static Task EventuallyAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));

    private static string KeyOf(string name) => "gw-concurrency-test-" + name;

    private static string Hash(string name) => GatewayHost.KeyHash(KeyOf(name));
}
