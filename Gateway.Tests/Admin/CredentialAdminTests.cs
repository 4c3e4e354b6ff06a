using Gateway.Data.Providers;
using Gateway.Data.Security;

namespace Gateway.Tests.Admin;

/// <summary>
/// Master-key retirement through the admin API: <c>POST /admin/v1/credentials/reencrypt</c> moves every stored
/// credential under the newest key of <c>GATEWAY_MASTER_KEYS</c>, reports what it could not, is audited, and is for
/// global admins only. The gateway runs with a new key (k2) in front of the fixture's old one (k1).
/// </summary>
[TestFixture]
public sealed class CredentialAdminTests : AdminTest
{
    private readonly string _newKey = TestMasterKeys.Entry("k2");

    protected override IEnumerable<string> ExtraArgs => ["--GATEWAY_MASTER_KEYS", $"{_newKey},{MasterKeys}"];

    [Test]
    public async Task Reencrypts_every_credential_under_the_newest_master_key_and_audits_it()
    {
        var old = Providers(MasterKeys);
        var first = Unique("old-a");
        var second = Unique("old-b");
        await old.CreateAsync(new ProviderSpec(first, "openai", "https://api.openai.com/v1", Scope.Global), "sk-first", CancellationToken.None);
        await old.CreateAsync(new ProviderSpec(second, "anthropic", "https://api.anthropic.com", Scope.Global), "sk-second", CancellationToken.None);

        var response = await PostAsync("/admin/v1/credentials/reencrypt", "");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString());
        Assert.That(response.Body["object"]!.GetValue<string>(), Is.EqualTo("credential_reencryption"));
        Assert.That(response.Body["master_key_id"]!.GetValue<string>(), Is.EqualTo("k2"));
        Assert.That(response.Body["reencrypted"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(2));
        Assert.That(response.Text, Does.Not.Contain("sk-first").And.Not.Contain("sk-second"));
        var newOnly = Providers(_newKey);
        Assert.That(await newOnly.DecryptCredentialAsync(first, CancellationToken.None), Is.EqualTo("sk-first"), "readable with the new key alone");
        Assert.That(await newOnly.DecryptCredentialAsync(second, CancellationToken.None), Is.EqualTo("sk-second"));
        var audited = await Database.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'reencrypt_credentials' and entity = 'provider_credentials' and actor = 'config:root'");
        Assert.That(audited, Is.GreaterThanOrEqualTo(1));

        var again = await PostAsync("/admin/v1/credentials/reencrypt", "");
        Assert.That(again.Body["already_current"]!.GetValue<int>(), Is.GreaterThanOrEqualTo(2), "a second run finds them done");
    }

    [Test]
    public async Task Reports_a_credential_whose_master_key_is_not_configured()
    {
        var stray = Unique("stray");
        await Providers(TestMasterKeys.Entry("k0")).CreateAsync(
            new ProviderSpec(stray, "openai", "https://api.openai.com/v1", Scope.Global), "sk-stray", CancellationToken.None);

        var response = await PostAsync("/admin/v1/credentials/reencrypt", "");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString());
        var failure = response.Body["failed"]!.AsArray().Single(f => f!["provider_id"]!.GetValue<string>() == stray)!;
        Assert.That(failure["key_id"]!.GetValue<string>(), Is.EqualTo("k0"));
        Assert.That(failure["reason"]!.GetValue<string>(), Does.Contain("k0"));
        Assert.That(await Database.ScalarAsync<string>("select credential_key_id from providers where id = $1", stray), Is.EqualTo("k0"), "left as it was");
    }

    [Test]
    public async Task Is_for_global_admins_only()
    {
        var (orgAdmin, _) = await CreateKeyAsync($"org:{await CreateOrganizationAsync()}", isAdmin: true);

        AssertError(await SendAsync(HttpMethod.Post, "/admin/v1/credentials/reencrypt", "", orgAdmin), HttpStatusCode.Forbidden);
        AssertError(await SendAsync(HttpMethod.Post, "/admin/v1/credentials/reencrypt", "", GatewayHost.ClientKey), HttpStatusCode.Forbidden);
    }

    private ProviderRepository Providers(string masterKeys) =>
        new(Database.DataSource, Database.Options, new CredentialProtector(MasterKeyRing.Parse(masterKeys)));
}
