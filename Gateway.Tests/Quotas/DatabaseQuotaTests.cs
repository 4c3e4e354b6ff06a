using Gateway.Data.Keys;
using Gateway.Data.Quotas;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Quotas;

namespace Gateway.Tests.Quotas;

/// <summary>
/// Quotas on a real PostgreSQL: quota rows and key bindings limit keys, environments, teams and organizations;
/// two gateway replicas on one database share every limit through leased slices and together never exceed it;
/// a changed quota applies without restart; unused slices come back at shutdown; and the documented behaviours
/// while the database is unreachable. Every gateway here reads quota windows from one manual clock, so no test
/// depends on where in the minute it runs.
/// </summary>
[TestFixture]
public sealed class DatabaseQuotaTests
{
    private const string ChatBody = """{"model":"chat","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""";

    private TestDatabase _database = null!;
    private FakeProvider _provider = null!;
    private ManualClock _clock = null!;
    private string _masterKeys = null!;

    [OneTimeSetUp]
    public async Task SetUpAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _provider = FakeProvider.AnsweringChats();
        _clock = new ManualClock(new DateTimeOffset(2030, 6, 1, 10, 0, 5, TimeSpan.Zero));
        _masterKeys = TestMasterKeys.Entry("k1");
    }

    [OneTimeTearDown]
    public async Task TearDownAsync()
    {
        _provider.Dispose();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task An_environment_quota_binds_every_key_in_the_environment()
    {
        var tenant = await CreateTenantAsync();
        var other = await CreateKeyAsync(tenant.EnvironmentId);
        await QuotaAsync(QuotaSubjectKind.Environment, tenant.EnvironmentId, QuotaMeasure.Requests, QuotaPeriod.Day, 3);
        await using var gateway = await StartGatewayAsync();

        var statuses = new List<int>();
        foreach (var key in new[] { tenant.Secret, tenant.Secret, other, other, tenant.Secret })
        {
            using var response = await ChatAsync(gateway, key);
            statuses.Add((int)response.StatusCode);
        }
        using var refused = await ChatAsync(gateway, other);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;

        Assert.That(statuses, Is.EqualTo(new[] { 200, 200, 200, 429, 429 }));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("rate_limit_exceeded"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("this key's environment").And.Not.Contain(tenant.EnvironmentId.ToString()));
        Assert.That(Header(refused, "x-ratelimit-limit-requests"), Is.EqualTo("3"));
    }

    [Test]
    public async Task A_team_token_quota_settles_real_usage_and_an_organization_budget_counts_real_cost()
    {
        var teamTenant = await CreateTenantAsync();
        await QuotaAsync(QuotaSubjectKind.Team, teamTenant.TeamId, QuotaMeasure.Tokens, QuotaPeriod.Day, 100);
        var orgTenant = await CreateTenantAsync();
        await QuotaAsync(QuotaSubjectKind.Organization, orgTenant.OrgId, QuotaMeasure.Cost, QuotaPeriod.Month, 25);
        await using var gateway = await StartGatewayAsync();

        // Each answer is 29 tokens and reserves about 29 (prompt estimate + max_tokens 10): 3 fit under 100.
        var tokenStatuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await ChatAsync(gateway, teamTenant.Secret);
            tokenStatuses.Add((int)response.StatusCode);
        }
        // Each answer costs $10.19 and reserves about as much: 2 fit under $25.
        var costStatuses = new List<int>();
        string? budgetCode = null;
        for (var i = 0; i < 3; i++)
        {
            using var response = await ChatAsync(gateway, orgTenant.Secret);
            costStatuses.Add((int)response.StatusCode);
            budgetCode ??= response.StatusCode == HttpStatusCode.OK ? null : JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>();
        }

        Assert.That(tokenStatuses, Is.EqualTo(new[] { 200, 200, 200, 429 }));
        Assert.That(costStatuses, Is.EqualTo(new[] { 200, 200, 429 }));
        Assert.That(budgetCode, Is.EqualTo("insufficient_quota"));
    }

    [Test]
    public async Task A_key_bindings_requests_per_minute_limits_the_key()
    {
        var tenant = await CreateTenantAsync(rpm: 2);
        await using var gateway = await StartGatewayAsync();

        using var first = await ChatAsync(gateway, tenant.Secret);
        using var second = await ChatAsync(gateway, tenant.Secret);
        using var third = await ChatAsync(gateway, tenant.Secret);

        Assert.That(((int)first.StatusCode, (int)second.StatusCode, (int)third.StatusCode), Is.EqualTo((200, 200, 429)));
        Assert.That(Header(first, "x-ratelimit-limit-requests"), Is.EqualTo("2"));
        Assert.That(Header(second, "x-ratelimit-remaining-requests"), Is.EqualTo("0"));
    }

    [Test]
    public async Task Two_replicas_on_one_database_together_never_exceed_a_limit()
    {
        const int requestLimit = 40;
        const int tokenLimit = 1000;
        var requests = await CreateTenantAsync();
        await QuotaAsync(QuotaSubjectKind.Environment, requests.EnvironmentId, QuotaMeasure.Requests, QuotaPeriod.Day, requestLimit);
        var tokens = await CreateTenantAsync();
        await QuotaAsync(QuotaSubjectKind.Team, tokens.TeamId, QuotaMeasure.Tokens, QuotaPeriod.Day, tokenLimit);
        await using var first = await StartGatewayAsync();
        await using var second = await StartGatewayAsync();
        GatewayHost[] replicas = [first, second];

        var servedRequests = await DriveAsync(replicas, requests.Secret, 100);
        var servedTokens = await DriveAsync(replicas, tokens.Secret, 60);
        var servedConfig = await DriveAsync(replicas, KeyOf("shared"), 30);

        // Requests reserve exactly what they use, and leases never pass the limit: the documented overshoot is 0.
        // Demand exceeds the limit on both replicas, so at most a slice per replica is left unused.
        var requestSlice = (int)Math.Ceiling(requestLimit * new QuotaOptions().LeaseFraction);
        Assert.That(servedRequests, Is.InRange(requestLimit - 2 * requestSlice, requestLimit));
        Assert.That(await UsedAsync("environment", requests.EnvironmentId.ToString(), "requests"), Is.LessThanOrEqualTo(requestLimit));
        // Each request reserves 29 tokens (its prompt estimate + max_tokens 10) and uses 29: overshoot 0 here too.
        Assert.That(servedTokens * 29, Is.LessThanOrEqualTo(tokenLimit));
        Assert.That(servedTokens * 29, Is.GreaterThan(tokenLimit - 2 * 100 - 29), "at most a slice (100 tokens) per replica unused");
        Assert.That(servedConfig, Is.InRange(8, 10), "a config key's limit (10/min, slices of 1) is counted in the database too, on every replica");
    }

    [Test]
    public async Task A_quota_raised_in_the_database_applies_without_restart()
    {
        var tenant = await CreateTenantAsync();
        await QuotaAsync(QuotaSubjectKind.Key, tenant.KeyId, QuotaMeasure.Requests, QuotaPeriod.Day, 1);
        await using var gateway = await StartGatewayAsync();
        using var first = await ChatAsync(gateway, tenant.Secret);
        using var refused = await ChatAsync(gateway, tenant.Secret);
        Assert.That(((int)first.StatusCode, (int)refused.StatusCode), Is.EqualTo((200, 429)));

        await QuotaAsync(QuotaSubjectKind.Key, tenant.KeyId, QuotaMeasure.Requests, QuotaPeriod.Day, 3);

        await EventuallyAsync(async () =>
        {
            using var response = await ChatAsync(gateway, tenant.Secret);
            return response.StatusCode == HttpStatusCode.OK;
        });
    }

    [Test]
    public async Task A_stopping_replica_gives_its_unused_slice_back()
    {
        var tenant = await CreateTenantAsync();
        await QuotaAsync(QuotaSubjectKind.Environment, tenant.EnvironmentId, QuotaMeasure.Requests, QuotaPeriod.Day, 100);
        var gateway = await StartGatewayAsync();
        using (var response = await ChatAsync(gateway, tenant.Secret))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That(await UsedAsync("environment", tenant.EnvironmentId.ToString(), "requests"), Is.EqualTo(10m), "one slice of 10 leased");

        await gateway.DisposeAsync();

        Assert.That(await UsedAsync("environment", tenant.EnvironmentId.ToString(), "requests"), Is.EqualTo(1m), "9 unused given back");
    }

    [Test]
    public async Task Database_down_with_local_share_each_replica_allows_the_limit_divided_by_expected_replicas()
    {
        await using var gateway = await StartUnreachableGatewayAsync("LocalShare", "--Gateway:Quotas:ExpectedReplicas", "2");

        var statuses = await StatusesAsync(gateway, 7);

        Assert.That(statuses, Is.EqualTo(new[] { 200, 200, 200, 200, 200, 429, 429 }), "10 per minute / 2 replicas");
    }

    [Test]
    public async Task Database_down_with_fail_open_admits_everything()
    {
        await using var gateway = await StartUnreachableGatewayAsync("FailOpen");

        var statuses = await StatusesAsync(gateway, 12);

        Assert.That(statuses, Is.All.EqualTo(200));
    }

    [Test]
    public async Task Database_down_with_fail_closed_refuses_with_503()
    {
        await using var gateway = await StartUnreachableGatewayAsync("FailClosed");

        using var response = await ChatAsync(gateway, KeyOf("shared"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.That((int)response.StatusCode, Is.EqualTo(503));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("quota_unavailable"));
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("Port=9"));
    }

    private static async Task<int> DriveAsync(GatewayHost[] replicas, string key, int count)
    {
        using var gate = new SemaphoreSlim(8);
        var statuses = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await ChatAsync(replicas[i % replicas.Length], key);
                return (int)response.StatusCode;
            }
            finally
            {
                gate.Release();
            }
        }));
        Assert.That(statuses, Is.All.AnyOf(200, 429));
        return statuses.Count(status => status == 200);
    }

    private static async Task<List<int>> StatusesAsync(GatewayHost gateway, int count)
    {
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            using var response = await ChatAsync(gateway, KeyOf("shared"));
            statuses.Add((int)response.StatusCode);
        }
        return statuses;
    }

    private Task<GatewayHost> StartGatewayAsync() =>
        GatewayHost.StartAsync(ConfigJson(), UseClock,
            "--ConnectionStrings:Gateway", _database.ConnectionString,
            "--GATEWAY_MASTER_KEYS", _masterKeys,
            "--Gateway:Data:ListenDebounce", "00:00:00.050");

    private Task<GatewayHost> StartUnreachableGatewayAsync(string behavior, params string[] more) =>
        GatewayHost.StartAsync(ConfigJson(), UseClock,
        [
            "--ConnectionStrings:Gateway", "Host=127.0.0.1;Port=9;Username=postgres;Database=none;Timeout=2",
            "--GATEWAY_MASTER_KEYS", _masterKeys,
            "--Gateway:Database:StartupWaitSeconds", "0.5",
            "--Gateway:Quotas:DatabaseDownBehavior", behavior,
            .. more,
        ]);

    private void UseClock(IServiceCollection services) => services.AddKeyedSingleton<TimeProvider>(QuotaClock.ServiceKey, _clock);

    private string ConfigJson() => $$"""
        {
          "Gateway": {
            "Providers": { "openai": { "Kind": "openai", "BaseUrl": "{{_provider.Url}}/v1", "ApiKey": "k" } },
            "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "m", "Price": { "InputPerMTok": 10000, "OutputPerMTok": 1000000 } } ] } },
            "Keys": {
              "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
              "shared": { "KeyHash": "{{GatewayHost.KeyHash(KeyOf("shared"))}}", "RequestsPerMinute": 10 }
            }
          }
        }
        """;

    private async Task<Tenant> CreateTenantAsync(int? rpm = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (org, team, environment) = await _database.CreateEnvironmentAsync("org-" + suffix, "team-" + suffix, "prod");
        var key = await Keys().CreateAsync(new NewApiKey("key-" + suffix, [new ApiKeyBindingSpec(Scope.ForEnvironment(environment.Id), [], RpmLimit: rpm)]), CancellationToken.None);
        return new Tenant(key.Secret, key.Key.Id, environment.Id, team.Id, org.Id);
    }

    private async Task<string> CreateKeyAsync(Guid environmentId) =>
        (await Keys().CreateAsync(new NewApiKey("another-" + Guid.NewGuid().ToString("N")[..8], [new ApiKeyBindingSpec(Scope.ForEnvironment(environmentId), [])]),
            CancellationToken.None)).Secret;

    private Task<QuotaRecord> QuotaAsync(QuotaSubjectKind kind, Guid subject, QuotaMeasure metric, QuotaPeriod window, decimal limit) =>
        new QuotaRepository(_database.DataSource, _database.Options).UpsertAsync(new QuotaSpec(kind, subject, metric, window, limit), CancellationToken.None);

    private ApiKeyRepository Keys() => new(_database.DataSource, _database.Options);

    private Task<decimal> UsedAsync(string kind, string subject, string metric) =>
        _database.ScalarAsync<decimal>("select coalesce(sum(used), 0) from quota_counters where subject_kind = $1 and subject_id = $2 and metric = $3",
            kind, subject, metric);

    private static Task<HttpResponseMessage> ChatAsync(GatewayHost gateway, string key) => gateway.PostChatAsync(ChatBody, key);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private static string KeyOf(string name) => "gw-quota-db-test-" + name;

    private static Task EventuallyAsync(Func<Task<bool>> condition) => Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));

    private sealed record Tenant(string Secret, Guid KeyId, Guid EnvironmentId, Guid TeamId, Guid OrgId);
}
