using Gateway.Policies.Quotas;
using Gateway.Proxy.Configuration;
using Gateway.Tests.Admin;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// A request runs on the snapshot it took at authentication: routes, routing policy and quota limits all come from
/// it, while a reload swaps them for the requests that follow.
/// </summary>
[TestFixture]
public sealed class RequestSnapshotTests : AdminTest
{
    private FakeProvider? _a;
    private FakeProvider? _b;

    protected override string ExtraGatewayConfig
    {
        get
        {
            _a ??= new FakeProvider();
            _b ??= new FakeProvider();
            return $$"""
                "Providers": {
                  "a": { "Kind": "openai", "BaseUrl": "{{_a.Url}}/v1", "ApiKey": "sk-a" },
                  "b": { "Kind": "openai", "BaseUrl": "{{_b.Url}}/v1", "ApiKey": "sk-b" }
                },
                "Models": {
                  "chat": { "Targets": [ { "Provider": "a", "Model": "m" } ] },
                  "to-a": { "Targets": [ { "Provider": "a", "Model": "m" } ] },
                  "to-b": { "Targets": [ { "Provider": "b", "Model": "m" } ] }
                },
                """;
        }
    }

    [OneTimeTearDown]
    public void StopProviders()
    {
        _a?.Dispose();
        _b?.Dispose();
    }

    [Test]
    public async Task A_request_in_flight_keeps_the_routing_policy_and_quota_limits_it_started_with_while_a_reload_swaps_them()
    {
        _a!.AnswerChats();
        _b!.AnswerChats();
        var org = await CreateOrganizationAsync();
        var team = await CreateTeamAsync(org);
        var limited = await CreateEnvironmentAsync(team);
        var other = await CreateEnvironmentAsync(team);
        var (limitedKey, _) = await CreateKeyAsync($"environment:{limited}", isAdmin: false);
        var (otherKey, _) = await CreateKeyAsync($"environment:{other}", isAdmin: false);
        var policy = await CreateAsync("/admin/v1/routing-policies",
            PolicyJson(team, "to-a"));
        var quota = await CreateAsync("/admin/v1/quotas",
            $$"""{"subject_kind":"environment","subject_id":"{{limited}}","metric":"tokens","window":"day","limit":100000}""");
        var catalog = Gateway.Services.GetRequiredService<CatalogPublisher>();
        await EventuallyAsync(() => Task.FromResult(
            catalog.Current.Catalog.RoutingPolicies.Count > 0 && catalog.Current.Catalog.Quotas.For(QuotaSubject.Environment(Guid.Parse(limited))).Count > 0),
            TimeSpan.FromSeconds(5));

        // Authenticated (and its snapshot taken) before the edits; its body, and so its routing and token quota check, after.
        using var held = new HeldContent("""{"model":"chat","messages":[{"role":"user","content":"hi"}]}""");
        using var client = ExpectContinueClient();
        var inFlight = client.SendAsync(Chat(limitedKey, held));
        await held.ServerReading;

        Assert.That((await PutAsync($"/admin/v1/quotas/{quota["id"]}", """{"limit":0}""")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await PutAsync($"/admin/v1/routing-policies/{policy["id"]}",
            PolicyJson(team, "to-b"))).Status, Is.EqualTo(HttpStatusCode.OK));
        // The quota changed first: a snapshot with the new policy has the new limit too.
        await EventuallyAsync(async () => ProviderOf(await ChatAsync(otherKey)) == "b", TimeSpan.FromSeconds(5));
        using (var refused = await ChatAsync(limitedKey))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "a request that starts now has the new limit");
        }

        held.Release();
        using var finished = await inFlight;

        Assert.That(finished.StatusCode, Is.EqualTo(HttpStatusCode.OK), await finished.Content.ReadAsStringAsync());
        Assert.That(ProviderOf(finished), Is.EqualTo("a"), "the policy it started with");
        Assert.That(finished.Headers.GetValues("x-ratelimit-limit-tokens").Single(), Is.EqualTo("100000"), "the limit it started with");
    }

    /// <summary>Sends the body only once the server reads it (<c>Expect: 100-continue</c>), which it does after authentication.</summary>
    private HttpClient ExpectContinueClient() => new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
    {
        BaseAddress = Gateway.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static HttpRequestMessage Chat(string key, HttpContent body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = body };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.ExpectContinue = true;
        return request;
    }

    private async Task<HttpResponseMessage> ChatAsync(string key)
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var request = Chat(key, new StringContent("""{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        request.Headers.ExpectContinue = false;
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>A team's deterministic policy that sends every request to <paramref name="alias"/>.</summary>
    private static string PolicyJson(string team, string alias) =>
        $$"""{"scope":"team:{{team}}","name":"pin","type":"deterministic","rules":{"default":{"targets":["{{alias}}"]} } }""";

    private static string? ProviderOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-gateway-provider", out var values) ? values.Single() : null;

    /// <summary>A JSON body that tells when the client is asked for it and waits for a signal before it is sent.</summary>
    private sealed class HeldContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldContent(string json)
        {
            _body = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public Task ServerReading => _reading.Task;

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            _reading.TrySetResult();
            await _release.Task;
            await stream.WriteAsync(_body);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
