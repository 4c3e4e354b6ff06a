namespace Gateway.Tests.Admin;

/// <summary>
/// A database key's preferred region, set through the admin API: shown on the key, kept by rotation, and steering the
/// key's requests to that region's destinations as a config-file key's <c>Region</c> does.
/// </summary>
[TestFixture]
public sealed class KeyRegionAdminTests : AdminTest
{
    private FakeProvider _eu = null!;
    private FakeProvider _us = null!;

    protected override string ExtraGatewayConfig
    {
        get
        {
            _eu ??= new FakeProvider();
            _us ??= new FakeProvider();
            return $$"""
                "Region": "us",
                "Providers": {
                  "global": { "Kind": "openai", "ApiKey": "k", "RegionalBaseUrls": { "eu": "{{_eu.Url}}/v1", "us": "{{_us.Url}}/v1" } }
                },
                "Models": { "chat": { "Targets": [ { "Provider": "global", "Model": "m" } ] } },
                """;
        }
    }

    [OneTimeTearDown]
    public void StopProviders()
    {
        _eu?.Dispose();
        _us?.Dispose();
    }

    [SetUp]
    public void Answer()
    {
        _eu.Reset();
        _us.Reset();
        _eu.AnswerChats();
        _us.AnswerChats();
    }

    [Test]
    public async Task A_key_created_for_a_region_is_served_there_and_keeps_it_when_rotated()
    {
        var org = await CreateOrganizationAsync();
        var created = await CreateAsync("/admin/v1/keys", $$"""{"name":"eu-key","region":"eu","bindings":[{"scope":"org:{{org}}"}]}""");
        var plain = await CreateAsync("/admin/v1/keys", $$"""{"name":"plain-key","bindings":[{"scope":"org:{{org}}"}]}""");

        Assert.That(created["key"]!["region"]!.GetValue<string>(), Is.EqualTo("eu"));
        Assert.That(plain["key"]!["region"], Is.Null);
        for (var i = 0; i < 5; i++)
        {
            using var eu = await ChatAsync(created["secret"]!.GetValue<string>());
            using var other = await ChatAsync(plain["secret"]!.GetValue<string>());
            Assert.That((eu.StatusCode, other.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        }
        Assert.That(_eu.Requests, Has.Count.EqualTo(5), "the eu key stayed in eu");
        Assert.That(_us.Requests, Has.Count.EqualTo(5), "a key without a region went to the gateway's own");

        var rotated = await CreateAsync($"/admin/v1/keys/{created["key"]!["id"]}/rotate", "{}");
        Assert.That(rotated["key"]!["region"]!.GetValue<string>(), Is.EqualTo("eu"));
        var read = await GetAsync($"/admin/v1/keys/{rotated["key"]!["id"]}");
        Assert.That(read.Body["region"]!.GetValue<string>(), Is.EqualTo("eu"));
    }

    [TestCase("\"  \"")]
    [TestCase("\"\"")]
    [TestCase("\"eu\\nwest\"")]
    public async Task Refuses_a_region_that_is_blank_or_has_control_characters(string region)
    {
        var org = await CreateOrganizationAsync();

        var response = await PostAsync("/admin/v1/keys", $$"""{"name":"bad-region","region":{{region}},"bindings":[{"scope":"org:{{org}}"}]}""");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString());
        Assert.That(response.ErrorParam, Is.EqualTo("region"));
    }

    [Test]
    public async Task Refuses_a_region_longer_than_64_characters()
    {
        var org = await CreateOrganizationAsync();

        var response = await PostAsync("/admin/v1/keys", $$"""{"name":"long-region","region":"{{new string('r', 65)}}","bindings":[{"scope":"org:{{org}}"}]}""");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString());
        Assert.That(response.ErrorParam, Is.EqualTo("region"));
    }

    private Task<HttpResponseMessage> ChatAsync(string key) => Gateway.PostChatAsync(GatewayHost.HiChatBody("chat"), key);
}
