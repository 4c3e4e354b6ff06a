using Gateway.Tests.Admin;

namespace Gateway.Tests.Dashboard;

/// <summary>
/// The admin endpoints the dashboard reads, for a scoped admin: analytics and the request log only within its scopes,
/// by the admin API's list rule (name a scope; another tenant's is 403), and stored bodies only where they are kept.
/// </summary>
[TestFixture]
public sealed class ScopedAnalyticsTests : AdminTest
{
    private readonly FakeProvider _upstream = new();
    private string _orgA = null!;
    private string _orgB = null!;
    private string _adminA = null!;
    private string _keyA = null!;

    protected override string ExtraGatewayConfig => $$"""
        "Providers": { "shared": { "Kind": "openai", "BaseUrl": "{{_upstream.Url}}/v1", "ApiKey": "sk-shared" } },
        "Models": { "shared-chat": { "Targets": [ { "Provider": "shared", "Model": "upstream-model" } ] } },
        """;

    protected override IEnumerable<string> ExtraArgs => ["--Gateway:Usage:MaxBatchDelaySeconds", "0.05"];

    [OneTimeSetUp]
    public async Task ChatInTwoTenantsAsync()
    {
        _upstream.AnswerChats();
        _orgA = await CreateOrganizationAsync("analytics-a");
        _orgB = await CreateOrganizationAsync("analytics-b");
        var environmentA = await CreateEnvironmentAsync(await CreateTeamAsync(_orgA), storeBodies: true);
        var environmentB = await CreateEnvironmentAsync(await CreateTeamAsync(_orgB));
        var clientA = await CreateKeyAsync($"environment:{environmentA}", isAdmin: false);
        _keyA = clientA.Id;
        var clientB = await CreateKeyAsync($"environment:{environmentB}", isAdmin: false);
        _adminA = (await CreateKeyAsync($"org:{_orgA}", isAdmin: true)).Secret;
        await Gateway.ChatClient("shared-chat", clientA.Secret).CompleteChatAsync([new UserChatMessage("secret of a")]);
        await Gateway.ChatClient("shared-chat", clientB.Secret).CompleteChatAsync([new UserChatMessage("secret of b")]);
        await Gateway.ChatClient("shared-chat", clientB.Secret).CompleteChatAsync([new UserChatMessage("again b")]);
        await EventuallyAsync(async () => (await GetAsync("/admin/v1/requests")).Body["data"]!.AsArray().Count == 3, TimeSpan.FromSeconds(10));
    }

    [OneTimeTearDown]
    public void StopUpstream() => _upstream.Dispose();

    [Test]
    public async Task A_scoped_admin_reads_usage_of_its_own_scope_only()
    {
        AssertError(await GetAsync("/admin/v1/analytics/usage", _adminA), HttpStatusCode.BadRequest, "scope");
        AssertError(await GetAsync($"/admin/v1/analytics/usage?scope=org:{_orgB}", _adminA), HttpStatusCode.Forbidden);
        AssertError(await GetAsync($"/admin/v1/analytics/latency?scope=org:{_orgB}", _adminA), HttpStatusCode.Forbidden);

        var own = await GetAsync($"/admin/v1/analytics/usage?scope=org:{_orgA}&group_by=key&granularity=month", _adminA);
        Assert.That(own.Status, Is.EqualTo(HttpStatusCode.OK), own.ToString());
        var rows = own.Body["data"]!.AsArray();
        Assert.That(rows.Select(row => row!["value"]!.GetValue<string>()), Is.EqualTo(new[] { _keyA }));
        Assert.That(rows.Sum(row => row!["requests"]!.GetValue<long>()), Is.EqualTo(1));
        Assert.That(rows[0]!["bucket"]!.GetValue<DateTimeOffset>().Day, Is.EqualTo(1), "monthly buckets start on the first");

        var latency = await GetAsync($"/admin/v1/analytics/latency?scope=org:{_orgA}&group_by=model", _adminA);
        Assert.That(latency.Body["data"]!.AsArray().Single()!["provider"]!.GetValue<string>(), Is.EqualTo("shared"));
        Assert.That(latency.Body["data"]![0]!["model"], Is.Not.Null);

        var everyone = await GetAsync("/admin/v1/analytics/usage?group_by=org");
        Assert.That(everyone.Body["data"]!.AsArray().Sum(row => row!["requests"]!.GetValue<long>()), Is.EqualTo(3), "a global admin sees every tenant");
        var filtered = await GetAsync($"/admin/v1/analytics/usage?group_by=org&key={_keyA}");
        Assert.That(filtered.Body["data"]!.AsArray().Single()!["value"]!.GetValue<string>(), Is.EqualTo(_orgA));
    }

    [Test]
    public async Task A_scoped_admin_lists_and_reads_requests_and_bodies_of_its_own_scope_only()
    {
        AssertError(await GetAsync("/admin/v1/requests", _adminA), HttpStatusCode.BadRequest, "scope");
        AssertError(await GetAsync($"/admin/v1/requests?scope=org:{_orgB}", _adminA), HttpStatusCode.Forbidden);

        var own = (await GetAsync($"/admin/v1/requests?scope=org:{_orgA}", _adminA)).Body["data"]!.AsArray();
        Assert.That(own, Has.Count.EqualTo(1));
        var mine = own[0]!;
        Assert.That(mine["routing_decision"]!["candidates"]![0]!["provider"]!.GetValue<string>(), Is.EqualTo("shared"));
        Assert.That(mine["has_bodies"]!.GetValue<bool>(), Is.True);
        var bodies = await GetAsync($"/admin/v1/requests/{mine["id"]}/bodies", _adminA);
        Assert.That(bodies.Body["request_body"]!.GetValue<string>(), Does.Contain("secret of a"));

        var all = (await GetAsync("/admin/v1/requests")).Body["data"]!.AsArray();
        var theirs = all.First(request => request!["scope"]!.GetValue<string>() != mine["scope"]!.GetValue<string>())!;
        AssertError(await GetAsync($"/admin/v1/requests/{theirs["id"]}", _adminA), HttpStatusCode.Forbidden);
        AssertError(await GetAsync($"/admin/v1/requests/{theirs["id"]}/bodies", _adminA), HttpStatusCode.Forbidden);
        AssertError(await GetAsync($"/admin/v1/requests/{theirs["id"]}/bodies"), HttpStatusCode.NotFound);
        AssertError(await GetAsync("/admin/v1/requests/gen-1-nothing"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_request_log_pages_newest_first()
    {
        var first = await GetAsync("/admin/v1/requests?limit=2");
        var page = first.Body["data"]!.AsArray();
        Assert.That(page, Has.Count.EqualTo(2));
        var cursor = first.Body["next_cursor"]!.GetValue<string>();
        var second = (await GetAsync($"/admin/v1/requests?limit=2&cursor={Uri.EscapeDataString(cursor)}")).Body;
        Assert.That(second["data"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(second["next_cursor"], Is.Null);
        var times = page.Concat(second["data"]!.AsArray()).Select(request => request!["created_at"]!.GetValue<DateTimeOffset>()).ToArray();
        Assert.That(times, Is.Ordered.Descending);
        AssertError(await GetAsync("/admin/v1/requests?cursor=bogus"), HttpStatusCode.BadRequest, "cursor");
    }
}
