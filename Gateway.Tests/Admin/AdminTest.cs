namespace Gateway.Tests.Admin;

/// <summary>
/// Base of the admin API fixtures: a migrated database of the fixture's own and the real gateway on it, with a
/// global admin key from the config file (<see cref="AdminKey"/>) and a plain client key (<see cref="GatewayHost.ClientKey"/>).
/// Tests share the fixture's database, so each uses names of its own.
/// </summary>
public abstract class AdminTest : DatabaseTest
{
    public const string AdminKey = "gw-test-admin-key-9876543210";

    private GatewayHost? _gateway;

    internal GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("The gateway is not started yet.");

    internal string MasterKeys { get; } = TestMasterKeys.Entry("k1");

    /// <summary>Extra config JSON properties inside "Gateway" (providers, models) for fixtures that need them.</summary>
    protected virtual string ExtraGatewayConfig => string.Empty;

    protected virtual IEnumerable<string> ExtraArgs => [];

    /// <summary>Replaces gateway services for the fixture (registered after the gateway's own).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    [OneTimeSetUp]
    public async Task StartGatewayAsync()
    {
        var adminHash = GatewayHost.KeyHash(AdminKey);
        var config = $$"""
            {
              "Gateway": {
                {{ExtraGatewayConfig}}
                "Keys": {
                  "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
                  "root": { "KeyHash": "sha256:{{adminHash}}", "Admin": true }
                }
              }
            }
            """;
        _gateway = await GatewayHost.StartAsync(config, ConfigureServices,
        [
            "--ConnectionStrings:Gateway", Database.ConnectionString,
            "--GATEWAY_MASTER_KEYS", MasterKeys,
            "--Gateway:Data:ListenDebounce", "00:00:00.050",
            .. ExtraArgs,
        ]);
    }

    [OneTimeTearDown]
    public async Task StopGatewayAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    internal async Task<AdminResponse> SendAsync(HttpMethod method, string path, string? json = null, string? key = AdminKey, string contentType = "application/json")
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json" && text.Length > 0)
        {
            body = JsonNode.Parse(text);
        }
        return new AdminResponse(response.StatusCode, body, text, response.Headers.Location);
    }

    internal Task<AdminResponse> GetAsync(string path, string? key = AdminKey) => SendAsync(HttpMethod.Get, path, null, key);

    internal Task<AdminResponse> PostAsync(string path, string json, string? key = AdminKey) => SendAsync(HttpMethod.Post, path, json, key);

    internal Task<AdminResponse> PutAsync(string path, string json, string? key = AdminKey) => SendAsync(HttpMethod.Put, path, json, key);

    internal Task<AdminResponse> DeleteAsync(string path, string? key = AdminKey) => SendAsync(HttpMethod.Delete, path, null, key);

    /// <summary>POSTs and asserts 201; returns the created object.</summary>
    internal async Task<JsonNode> CreateAsync(string path, string json, string? key = AdminKey)
    {
        var response = await PostAsync(path, json, key);
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Created), response.ToString());
        return response.Body;
    }

    internal static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    internal async Task<string> CreateOrganizationAsync(string? name = null) =>
        (await CreateAsync("/admin/v1/organizations", $$"""{"name":"{{name ?? Unique("org")}}"}"""))["id"]!.ToString();

    internal async Task<string> CreateTeamAsync(string orgId, string? name = null) =>
        (await CreateAsync($"/admin/v1/organizations/{orgId}/teams", $$"""{"name":"{{name ?? Unique("team")}}"}"""))["id"]!.ToString();

    internal async Task<string> CreateEnvironmentAsync(string teamId, string? name = null, bool storeBodies = false) =>
        (await CreateAsync($"/admin/v1/teams/{teamId}/environments", $$"""{"name":"{{name ?? Unique("env")}}","store_bodies":{{(storeBodies ? "true" : "false")}}}"""))["id"]!.ToString();

    /// <summary>
    /// One of each resource, for a test that writes them all: an organization with a team and an environment, and in the
    /// organization's scope a provider with <paramref name="model"/>, an alias of its model <c>m</c>, a routing policy, and
    /// a quota on the team.
    /// </summary>
    internal async Task<(string Org, string Team, string Environment, string Provider, string Alias, string Policy, string Quota)> CreateOneOfEachAsync(
        string provider, string model)
    {
        var org = await CreateOrganizationAsync();
        var team = await CreateTeamAsync(org);
        var environment = await CreateEnvironmentAsync(team);
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{provider}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"org:{{org}}"}""");
        await CreateAsync($"/admin/v1/providers/{provider}/models", $$"""{"model":"{{model}}"}""");
        var alias = (await CreateAsync("/admin/v1/aliases", $$"""{"scope":"org:{{org}}","name":"a","targets":[{"provider":"{{provider}}","model":"m"}]}"""))["id"]!.ToString();
        var policy = (await CreateAsync("/admin/v1/routing-policies", $$"""{"scope":"org:{{org}}","name":"p","type":"cost"}"""))["id"]!.ToString();
        var quota = (await CreateAsync("/admin/v1/quotas", $$"""{"subject_kind":"team","subject_id":"{{team}}","metric":"requests","window":"day","limit":10}"""))["id"]!.ToString();
        return (org, team, environment, provider, alias, policy, quota);
    }

    /// <summary>A new organization with a team, and an admin key bound to each (their secrets).</summary>
    internal async Task<(string Org, string Team, string OrgAdmin, string TeamAdmin)> CreateOrganizationAndTeamAdminsAsync()
    {
        var org = await CreateOrganizationAsync();
        var team = await CreateTeamAsync(org);
        var (orgAdmin, _) = await CreateKeyAsync($"org:{org}", isAdmin: true);
        var (teamAdmin, _) = await CreateKeyAsync($"team:{team}", isAdmin: true);
        return (org, team, orgAdmin, teamAdmin);
    }

    /// <summary>The newest audit entry's id (0 for none), to read what a test's writes add after it.</summary>
    internal Task<long> LastAuditIdAsync() => Database.ScalarAsync<long>("select coalesce(max(id), 0) from audit_log");

    /// <summary>Creates a database key bound to <paramref name="scope"/> (admin or not) and returns its secret and id.</summary>
    internal async Task<(string Secret, string Id)> CreateKeyAsync(string scope, bool isAdmin, string? name = null)
    {
        var created = await CreateAsync("/admin/v1/keys",
            $$"""{"name":"{{name ?? Unique("key")}}","bindings":[{"scope":"{{scope}}","is_admin":{{(isAdmin ? "true" : "false")}}}]}""");
        return (created["secret"]!.GetValue<string>(), created["key"]!["id"]!.ToString());
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds or <paramref name="within"/> passes, stretched to at least 30 s:
    /// a change reaches the gateway through NOTIFY in milliseconds, but a loaded CI machine can stall that for seconds,
    /// and waiting longer costs a passing test nothing.
    /// </summary>
    internal static Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within) =>
        Eventually.HoldsAsync(condition, within < TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : within, TimeSpan.FromMilliseconds(50));

    internal static void AssertError(AdminResponse response, HttpStatusCode status, string? param = null)
    {
        Assert.That(response.Status, Is.EqualTo(status), response.ToString());
        var error = response.Body["error"];
        Assert.That(error, Is.Not.Null, response.ToString());
        Assert.That(error!["message"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(error["type"]!.GetValue<string>(), Is.Not.Empty);
        if (param is not null)
        {
            Assert.That(response.ErrorParam, Is.EqualTo(param), response.ToString());
        }
    }
}
