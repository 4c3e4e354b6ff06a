using Gateway.Proxy.Configuration;

namespace Gateway.Tests.Admin;

/// <summary>
/// A provider's stored credential belongs to the URL it was given for: a replace that changes <c>base_url</c> or
/// <c>kind</c> removes it (unless the replace carries the credential for the new address), so an admin who may edit a
/// provider cannot point it at a host of its own and receive the key. Chats go through the OpenAI SDK to a WireMock
/// provider standing in for that host.
/// </summary>
[TestFixture]
public sealed class ProviderCredentialScopeTests : AdminTest
{
    private const string Credential = "sk-org-admins-provider-credential-0001";

    private FakeProvider _attackerHost = null!;
    private string _org = null!;
    private string _team = null!;
    private string _orgAdmin = null!;
    private string _teamAdmin = null!;

    [OneTimeSetUp]
    public async Task CreateTenantAsync()
    {
        _attackerHost = FakeProvider.AnsweringChats();
        (_org, _team, _orgAdmin, _teamAdmin) = await CreateOrganizationAndTeamAdminsAsync();
    }

    [OneTimeTearDown]
    public void StopHost() => _attackerHost.Dispose();

    [Test]
    public async Task A_team_admin_who_repoints_a_provider_does_not_keep_its_credential()
    {
        var provider = await CreateTeamProviderAsync();

        var repointed = await PutAsync($"/admin/v1/providers/{provider}",
            $$"""{"kind":"openai","base_url":"https://llm.team-admins-own-host.example/v1","scope":"team:{{_team}}"}""", _teamAdmin);

        Assert.That(repointed.Status, Is.EqualTo(HttpStatusCode.OK), repointed.ToString());
        Assert.That(repointed.Body["has_credential"]!.GetValue<bool>(), Is.False);
        Assert.That(await Database.ScalarAsync<byte[]>("select credential_ciphertext from providers where id = $1", provider), Is.Null);
    }

    [Test]
    public async Task The_credential_never_reaches_the_new_host_of_a_repointed_provider()
    {
        var provider = await CreateTeamProviderAsync();
        var environment = await CreateEnvironmentAsync(_team);
        await CreateAsync("/admin/v1/aliases", $$"""{"scope":"team:{{_team}}","name":"team-chat","targets":[{"provider":"{{provider}}","model":"m"}]}""");
        var key = (await CreateKeyAsync($"environment:{environment}", isAdmin: false)).Secret;

        // Loopback needs a global admin's hand; it stands for any host the editor controls.
        var repointed = await PutAsync($"/admin/v1/providers/{provider}",
            $$"""{"kind":"openai","base_url":"http://127.0.0.1:{{_attackerHost.Server.Port}}/v1","scope":"team:{{_team}}"}""");
        Assert.That(repointed.Body["has_credential"]!.GetValue<bool>(), Is.False, repointed.ToString());

        // The new URL reaches routing when the database's notification has been handled.
        var catalog = Gateway.Services.GetRequiredService<CatalogPublisher>();
        await EventuallyAsync(() => Task.FromResult(
            catalog.Current.Catalog.Providers.TryGetValue(provider, out var loaded) && loaded.BaseUrls[0].Contains("127.0.0.1", StringComparison.Ordinal)
            && catalog.Current.Catalog.TryGetRoute("team-chat", new ScopeChain(Guid.Parse(_org), Guid.Parse(_team), Guid.Parse(environment)), out _)),
            TimeSpan.FromSeconds(5));
        _attackerHost.Server.ResetLogEntries();

        await Gateway.ChatClient("team-chat", key).CompleteChatAsync([new UserChatMessage("hi")]);

        var sent = string.Join("\n", _attackerHost.Requests.SelectMany(entry => entry.RequestMessage.Headers!.Values.SelectMany(values => values)));
        Assert.That(_attackerHost.Requests, Has.Count.EqualTo(1));
        Assert.That(sent, Does.Not.Contain(Credential));
    }

    [Test]
    public async Task Changing_the_kind_removes_the_credential_too()
    {
        var provider = await CreateTeamProviderAsync();

        var changed = await PutAsync($"/admin/v1/providers/{provider}", $$"""{"kind":"groq","base_url":"https://api.provider.example/v1","scope":"team:{{_team}}"}""", _teamAdmin);

        Assert.That(changed.Body["has_credential"]!.GetValue<bool>(), Is.False, changed.ToString());
    }

    [Test]
    public async Task A_replace_that_carries_the_credential_for_the_new_address_keeps_it()
    {
        var provider = await CreateTeamProviderAsync();

        var moved = await PutAsync($"/admin/v1/providers/{provider}",
            $$"""{"kind":"openai","base_url":"https://eu.provider.example/v1","scope":"team:{{_team}}","credential":"sk-for-the-eu-endpoint"}""", _teamAdmin);
        var unchanged = await PutAsync($"/admin/v1/providers/{provider}",
            $$"""{"kind":"openai","base_url":"https://eu.provider.example/v1","scope":"team:{{_team}}","enabled":false}""", _teamAdmin);

        Assert.That(moved.Body["has_credential"]!.GetValue<bool>(), Is.True, moved.ToString());
        Assert.That(unchanged.Body["has_credential"]!.GetValue<bool>(), Is.True, "an unchanged URL and kind keep the credential");
        Assert.That(moved.Text, Does.Not.Contain("sk-for-the-eu-endpoint"));
    }

    /// <summary>The organization admin's provider for the team, with its credential.</summary>
    private async Task<string> CreateTeamProviderAsync()
    {
        var id = Unique("team-llm");
        var created = await CreateAsync("/admin/v1/providers",
            $$"""{"id":"{{id}}","kind":"openai","base_url":"https://api.provider.example/v1","scope":"team:{{_team}}","credential":"{{Credential}}"}""", _orgAdmin);
        Assert.That(created["has_credential"]!.GetValue<bool>(), Is.True);
        return id;
    }
}
