using System.Security.Cryptography;
using Gateway.Data.Errors;
using Gateway.Data.Providers;
using Gateway.Data.Sql;

namespace Gateway.Tests.Data.Providers;

[TestFixture]
public sealed class ProviderRepositoryTests : DatabaseTest
{
    private const string Secret = "sk-live-0123456789abcdefghijklmnopqrstuvwxyz";

    private string _oldKey = null!;
    private ProviderRepository _providers = null!;

    [OneTimeSetUp]
    public void CreateRepository()
    {
        _oldKey = TestMasterKeys.Entry("2024");
        _providers = Database.Providers(_oldKey);
    }

    [Test]
    public async Task Creates_reads_updates_and_deletes_a_provider()
    {
        var settings = JsonDocument.Parse("""{"apiVersion":"2024-10-21","deployment":"gpt4o"}""").RootElement;
        var spec = new ProviderSpec("azure-east", "azure", "https://example.openai.azure.com", Scope.Global, "eastus", settings);

        var created = await _providers.CreateAsync(spec, credential: null, CancellationToken.None);

        Assert.That((created.Id, created.Kind, created.Region, created.Scope, created.Enabled, created.HasCredential),
            Is.EqualTo(("azure-east", "azure", "eastus", Scope.Global, true, false)));
        Assert.That(created.Settings.GetProperty("deployment").GetString(), Is.EqualTo("gpt4o"));
        var updated = await _providers.UpdateAsync(spec with { BaseUrl = "https://other.openai.azure.com", Enabled = false }, CancellationToken.None);
        Assert.That((updated!.BaseUrl, updated.Enabled), Is.EqualTo(("https://other.openai.azure.com", false)));
        Assert.That((await _providers.GetAsync("azure-east", CancellationToken.None))!.BaseUrl, Is.EqualTo("https://other.openai.azure.com"));
        Assert.That(await _providers.DeleteAsync("azure-east", CancellationToken.None), Is.True);
        Assert.That(await _providers.GetAsync("azure-east", CancellationToken.None), Is.Null);
        Assert.That(await _providers.UpdateAsync(spec, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_provider_can_be_scoped_to_a_team()
    {
        var (_, team) = await Database.CreateTeamAsync("Scoped " + Guid.NewGuid(), "t");

        var created = await _providers.CreateAsync(new ProviderSpec("team-local", "openai", "http://127.0.0.1:11434/v1", Scope.ForTeam(team.Id)), null, CancellationToken.None);

        Assert.That(created.Scope, Is.EqualTo(Scope.ForTeam(team.Id)));
    }

    [Test]
    public async Task The_credential_is_never_stored_in_clear()
    {
        await _providers.CreateAsync(new ProviderSpec("openai-main", "openai", "https://api.openai.com/v1", Scope.Global), Secret, CancellationToken.None);

        var rowText = await Database.ScalarAsync<string>("select row_to_json(p)::text from providers p where id = 'openai-main'");
        var ciphertext = await Database.ScalarAsync<byte[]>("select credential_ciphertext from providers where id = 'openai-main'");
        var allBytes = await Database.ScalarAsync<byte[]>(
            "select convert_to(row_to_json(p)::text, 'UTF8') || credential_ciphertext || credential_nonce || credential_tag from providers p where id = 'openai-main'");

        Assert.That(rowText, Does.Not.Contain(Secret).And.Not.Contain("0123456789abcdef"));
        Assert.That(ciphertext, Has.Length.EqualTo(Encoding.UTF8.GetByteCount(Secret)));
        Assert.That(IndexOf(allBytes!, Encoding.UTF8.GetBytes(Secret)), Is.EqualTo(-1));
        var read = await _providers.GetAsync("openai-main", CancellationToken.None);
        Assert.That((read!.HasCredential, read.CredentialKeyId), Is.EqualTo((true, "2024")));
        Assert.That(read.ToString(), Does.Not.Contain(Secret));
        Assert.That(await _providers.DecryptCredentialAsync("openai-main", CancellationToken.None), Is.EqualTo(Secret));
    }

    [Test]
    public async Task A_credential_written_under_an_old_key_still_decrypts_after_a_new_key_is_added()
    {
        await _providers.CreateAsync(new ProviderSpec("rotated", "anthropic", "https://api.anthropic.com", Scope.Global), Secret, CancellationToken.None);
        var rotatedRing = Database.Providers($"{TestMasterKeys.Entry("2025")},{_oldKey}");

        Assert.That(await rotatedRing.DecryptCredentialAsync("rotated", CancellationToken.None), Is.EqualTo(Secret));

        Assert.That((await rotatedRing.ReencryptCredentialsAsync(CancellationToken.None)).Reencrypted, Is.GreaterThanOrEqualTo(1));
        Assert.That((await rotatedRing.GetAsync("rotated", CancellationToken.None))!.CredentialKeyId, Is.EqualTo("2025"));
        Assert.That(await rotatedRing.DecryptCredentialAsync("rotated", CancellationToken.None), Is.EqualTo(Secret));
        await AsyncAssert.ThrowsAsync<CryptographicException>(() => _providers.DecryptCredentialAsync("rotated", CancellationToken.None));
    }

    [Test]
    public async Task Secret_settings_are_stored_encrypted_apart_from_the_credential_and_reencrypted_with_it()
    {
        var secrets = new Dictionary<string, string> { ["SecretAccessKey"] = Secret, ["SessionToken"] = "token-0123456789" };
        var created = await _providers.CreateAsync(new ProviderSpec("iam", "bedrock", "https://bedrock-runtime.us-east-1.amazonaws.com", Scope.Global), null,
            CancellationToken.None, secrets);

        Assert.That(created.SecretSettingNames, Is.EqualTo(new[] { "SecretAccessKey", "SessionToken" }));
        var rowText = await Database.ScalarAsync<string>("select row_to_json(p)::text from providers p where id = 'iam'");
        Assert.That(rowText, Does.Not.Contain(Secret).And.Not.Contain("token-0123456789"));
        Assert.That(await _providers.DecryptSecretSettingsAsync("iam", CancellationToken.None), Is.EquivalentTo(secrets));

        // The settings' ciphertext moved into the credential columns does not decrypt: each is bound to what it is.
        await Database.ExecuteAsync("""
            update providers set credential_ciphertext = secret_settings_ciphertext, credential_nonce = secret_settings_nonce,
                credential_tag = secret_settings_tag, credential_key_id = secret_settings_key_id where id = 'iam'
            """);
        await AsyncAssert.CatchAsync<CryptographicException>(() => _providers.DecryptCredentialAsync("iam", CancellationToken.None));
        await _providers.SetCredentialAsync("iam", null, CancellationToken.None);

        var rotatedRing = Database.Providers($"{TestMasterKeys.Entry("2026")},{_oldKey}");
        await rotatedRing.ReencryptCredentialsAsync(CancellationToken.None);
        Assert.That(await Database.ScalarAsync<string>("select secret_settings_key_id from providers where id = 'iam'"), Is.EqualTo("2026"));
        Assert.That(await rotatedRing.DecryptSecretSettingsAsync("iam", CancellationToken.None), Is.EquivalentTo(secrets));
    }

    [Test]
    public async Task A_replace_keeps_secret_settings_at_the_same_destination_and_drops_them_when_a_url_changes()
    {
        var spec = new ProviderSpec("iam-move", "bedrock", "https://bedrock-runtime.us-east-1.amazonaws.com", Scope.Global);
        await _providers.CreateAsync(spec, null, CancellationToken.None, new Dictionary<string, string> { ["SecretAccessKey"] = Secret });

        var kept = await _providers.UpdateAsync(spec with { Enabled = false }, CancellationToken.None);
        Assert.That(kept!.SecretSettingNames, Is.EqualTo(new[] { "SecretAccessKey" }));

        var moved = await _providers.UpdateAsync(spec with { BaseUrls = ["https://bedrock-runtime.eu-west-3.amazonaws.com"] }, CancellationToken.None);
        Assert.That(moved!.SecretSettingNames, Is.Empty);
        Assert.That(await _providers.DecryptSecretSettingsAsync("iam-move", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Setting_and_clearing_a_credential()
    {
        await _providers.CreateAsync(new ProviderSpec("swap", "openai", "https://api.groq.com/openai/v1", Scope.Global), null, CancellationToken.None);

        Assert.That(await _providers.DecryptCredentialAsync("swap", CancellationToken.None), Is.Null);
        Assert.That(await _providers.SetCredentialAsync("swap", "gsk-1", CancellationToken.None), Is.True);
        Assert.That(await _providers.DecryptCredentialAsync("swap", CancellationToken.None), Is.EqualTo("gsk-1"));
        Assert.That(await _providers.SetCredentialAsync("swap", null, CancellationToken.None), Is.True);
        Assert.That((await _providers.GetAsync("swap", CancellationToken.None))!.HasCredential, Is.False);
        Assert.That(await _providers.SetCredentialAsync("missing", "x", CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Storing_a_credential_without_a_master_key_fails_before_writing()
    {
        var withoutKeys = Database.Providers();

        var error = await AsyncAssert.ThrowsAsync<InvalidOperationException>(() =>
            withoutKeys.CreateAsync(new ProviderSpec("nokey", "openai", "https://api.openai.com/v1", Scope.Global), "sk", CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("GATEWAY_MASTER_KEYS"));
    }

    [Test]
    public async Task Bad_values_are_rejected_by_the_database()
    {
        var badId = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            _providers.CreateAsync(new ProviderSpec("Has Spaces", "openai", "https://x", Scope.Global), null, CancellationToken.None));
        Assert.That(badId!.Constraint, Is.EqualTo("providers_id_format"));
        var badUrl = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            _providers.CreateAsync(new ProviderSpec("badurl", "openai", "ftp://x", Scope.Global), null, CancellationToken.None));
        Assert.That(badUrl!.Constraint, Is.EqualTo("providers_base_url_http"));
        await AsyncAssert.ThrowsAsync<ArgumentException>(() => _providers.CreateAsync(
            new ProviderSpec("arr", "openai", "https://x", Scope.Global, Settings: JsonDocument.Parse("[1]").RootElement), null, CancellationToken.None));
    }

    [Test]
    public async Task Providers_list_in_id_order_across_pages()
    {
        foreach (var id in new[] { "page-c", "page-a", "page-b" })
        {
            await _providers.CreateAsync(new ProviderSpec(id, "openai", "https://x.example/v1", Scope.Global), null, CancellationToken.None);
        }

        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _providers.ListAsync(new PageRequest(2, cursor), CancellationToken.None);
            ids.AddRange(page.Items.Select(provider => provider.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.That(ids, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(ids, Is.SupersetOf(new[] { "page-a", "page-b", "page-c" }));
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
