using System.ClientModel;
using Gateway.Data.Aliases;
using Gateway.Data.Keys;
using Gateway.Data.Providers;
using Gateway.Data.Security;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// The gateway on a real PostgreSQL: tenant keys, scoped aliases and providers with encrypted credentials feed
/// routing live (NOTIFY), revocation reaches it within two seconds, and an unreachable database degrades, not breaks.
/// </summary>
[TestFixture]
public sealed class DatabaseGatewayTests
{
    private TestDatabase _database = null!;
    private FakeProvider _provider = null!;
    private FakeProvider _other = null!;
    private string _masterKeys = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _provider = new FakeProvider();
        _other = new FakeProvider();
        _provider.AnswerChats();
        _other.AnswerChats();
        _masterKeys = TestMasterKeys.Entry("k1");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _provider.Dispose();
        _other.Dispose();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Serves_a_tenant_key_through_its_environment_alias_and_provider()
    {
        var tenant = await CreateTenantAsync();
        await using var gateway = await StartGatewayAsync();

        ChatCompletion completion = await gateway.ChatClient("team-chat", tenant.Secret).CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.That(completion.Content[0].Text, Is.EqualTo("Hello! How can I assist you today?"));
        Assert.That(_provider.LastHeaders()["Authorization"].ToString(), Is.EqualTo("Bearer sk-tenant-credential"), "the credential was stored encrypted and decrypted for the call");
        Assert.That(_provider.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("tenant-model"));
        var models = JsonNode.Parse(await GetAsync(gateway, "/v1/models", tenant.Secret))!["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>());
        Assert.That(models, Does.Contain("team-chat").And.Contain("config-chat"));
        var configModels = JsonNode.Parse(await GetAsync(gateway, "/v1/models", GatewayHost.ClientKey))!["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>());
        Assert.That(configModels, Does.Not.Contain("team-chat"), "another tenant's alias is invisible");
    }

    [Test]
    public async Task Stops_accepting_a_revoked_key_within_two_seconds()
    {
        var tenant = await CreateTenantAsync();
        await using var gateway = await StartGatewayAsync();
        Assert.That((await ChatAsync(gateway, "team-chat", tenant.Secret)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await Keys().RevokeAsync(tenant.KeyId, CancellationToken.None);
        var revokedAt = DateTime.UtcNow;
        await EventuallyAsync(async () => (await ChatAsync(gateway, "team-chat", tenant.Secret)).StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(2));

        Assert.That(DateTime.UtcNow - revokedAt, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task Reroutes_an_alias_changed_in_the_database_without_restart()
    {
        var tenant = await CreateTenantAsync();
        await using var gateway = await StartGatewayAsync();
        Assert.That((await ChatAsync(gateway, "team-chat", tenant.Secret)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await Providers().CreateAsync(new ProviderSpec("other", "openai", _other.Url + "/v1", Scope.Global), "sk-other", CancellationToken.None);
        await Aliases().UpdateAsync(tenant.AliasId, new ModelAliasSpec(Scope.ForEnvironment(tenant.EnvironmentId), "team-chat", RoutingStrategy.Failover,
            [new AliasTarget("other", "other-model")]), CancellationToken.None);

        await EventuallyAsync(async () => Provider(await ChatAsync(gateway, "team-chat", tenant.Secret)) == "other", TimeSpan.FromSeconds(5));
        Assert.That(_other.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("other-model"));
    }

    [Test]
    public async Task Keeps_config_keys_working_and_reports_degraded_while_the_database_is_unreachable()
    {
        await using var gateway = await GatewayHost.StartAsync(ConfigJson(),
            extraArgs: ["--ConnectionStrings:Gateway", "Host=127.0.0.1;Port=9;Username=postgres;Database=none;Timeout=2", "--GATEWAY_MASTER_KEYS", _masterKeys,
                "--Gateway:Database:StartupWaitSeconds", "0.5", "--Gateway:Database:HealthCheckSeconds", "0.5"]);

        using var served = await ChatAsync(gateway, "config-chat", GatewayHost.ClientKey);
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await EventuallyAsync(async () =>
        {
            var ready = JsonNode.Parse(await new HttpClient { BaseAddress = gateway.BaseAddress }.GetStringAsync("/readyz"))!;
            return ready["status"]!.GetValue<string>() == "degraded" && ready["database"]!.GetValue<string>() == "degraded";
        }, TimeSpan.FromSeconds(10));

        using var unknown = await ChatAsync(gateway, "config-chat", "gw-" + new string('k', ApiKeySecrets.RandomLength));
        Assert.That((int)unknown.StatusCode, Is.EqualTo(503), "a key that might be in the database cannot be checked");
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Not.Contain("Port=9"), "the connection string never leaks");
    }

    private async Task<GatewayHost> StartGatewayAsync() =>
        await GatewayHost.StartAsync(ConfigJson(), extraArgs:
        [
            "--ConnectionStrings:Gateway", _database.ConnectionString,
            "--GATEWAY_MASTER_KEYS", _masterKeys,
            "--Gateway:Data:ListenDebounce", "00:00:00.050",
        ]);

    private string ConfigJson() => $$"""
        {
          "Gateway": {
            "Providers": { "config-provider": { "Kind": "openai", "BaseUrl": "{{_other.Url}}/v1", "ApiKey": "k" } },
            "Models": { "config-chat": { "Targets": [ { "Provider": "config-provider", "Model": "m" } ] } },
            "Keys": {{GatewayHost.KeysJson}}
          }
        }
        """;

    private async Task<Tenant> CreateTenantAsync()
    {
        var (org, _, environment) = await _database.CreateEnvironmentAsync("acme", "search", "prod");
        await Providers().CreateAsync(new ProviderSpec("tenant-openai", "openai", _provider.Url + "/v1", Scope.ForOrganization(org.Id)), "sk-tenant-credential", CancellationToken.None);
        var alias = await Aliases().CreateAsync(new ModelAliasSpec(Scope.ForEnvironment(environment.Id), "team-chat", RoutingStrategy.Failover,
            [new AliasTarget("tenant-openai", "tenant-model")]), CancellationToken.None);
        var key = await Keys().CreateAsync(new NewApiKey("search-prod", [new ApiKeyBindingSpec(Scope.ForEnvironment(environment.Id), [])]), CancellationToken.None);
        return new Tenant(key.Secret, key.Key.Id, environment.Id, alias.Id);
    }

    private ApiKeyRepository Keys() => new(_database.DataSource, _database.Options);

    private ModelAliasRepository Aliases() => new(_database.DataSource, _database.Options);

    private ProviderRepository Providers() =>
        new(_database.DataSource, _database.Options, new CredentialProtector(MasterKeyRing.Parse(_masterKeys)));

    private static Task<HttpResponseMessage> ChatAsync(GatewayHost gateway, string model, string key) => gateway.PostChatAsync(GatewayHost.HiChatBody(model), key);

    private static async Task<string> GetAsync(GatewayHost gateway, string path, string key)
    {
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return await client.GetStringAsync(path);
    }

    private static string? Provider(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-gateway-provider", out var values) ? values.Single() : null;

    private static Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within) => Eventually.HoldsAsync(condition, within, TimeSpan.FromMilliseconds(50));

    private sealed record Tenant(string Secret, Guid KeyId, Guid EnvironmentId, Guid AliasId);
}
