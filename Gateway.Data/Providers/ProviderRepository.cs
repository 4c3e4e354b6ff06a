using Gateway.Data.Security;

namespace Gateway.Data.Providers;

/// <summary>
/// Provider accounts. Credentials are encrypted by <see cref="CredentialProtector"/> before they reach the
/// database; reads return only which master key encrypted them. The plaintext comes back only through
/// <see cref="DecryptCredentialAsync"/>, for the catalog loader.
/// </summary>
public sealed class ProviderRepository
{
    internal const string Columns =
        $"id as Id, kind as Kind, base_url as BaseUrl, region as Region, {ScopeSql.Select} as Scope, settings as Settings, " +
        "enabled as Enabled, credential_key_id as CredentialKeyId, created_at as CreatedAt, updated_at as UpdatedAt, " +
        "allow_direct_models as AllowDirectModels, restricted_egress as RestrictedEgress, base_urls as BaseUrls, " +
        "regional_base_urls as RegionalBaseUrls, health_check as HealthCheck, timeout_seconds as TimeoutSeconds, " +
        "secret_setting_names as SecretSettingNames";

    internal const string CredentialColumns =
        "id as ProviderId, credential_ciphertext as Ciphertext, credential_nonce as Nonce, credential_tag as Tag, credential_key_id as KeyId";

    internal const string SecretSettingsColumns =
        "id as ProviderId, secret_settings_ciphertext as Ciphertext, secret_settings_nonce as Nonce, secret_settings_tag as Tag, secret_settings_key_id as KeyId";

    // The stored credential and secret settings belong to the kind and URLs they were given for.
    private const string SameUrls = "base_url = @BaseUrl and base_urls = @BaseUrls and regional_base_urls = @RegionalBaseUrls::jsonb";

    private const string SameDestination = "kind = @Kind and " + SameUrls;

    private readonly SqlExecutor _sql;
    private readonly CredentialProtector _protector;

    public ProviderRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options, CredentialProtector protector)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protector);
        _sql = new SqlExecutor(dataSource, options.Value);
        _protector = protector;
    }

    /// <param name="credential">The provider's API key or secret, encrypted before storage; null for none.</param>
    /// <param name="secretSettings">Settings its adapter declares secret (Bedrock's secret key), encrypted like the credential; null or empty for none.</param>
    /// <exception cref="InvalidOperationException">A credential or secret setting is given and no master key is configured.</exception>
    public Task<ProviderRecord> CreateAsync(ProviderSpec spec, string? credential, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? secretSettings = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parameters = new DynamicParameters(SpecParameters(spec));
        AddCredential(parameters, spec.Id, credential);
        AddSecretSettings(parameters, spec.Id, secretSettings);
        return _sql.QuerySingleAsync<ProviderRecord>(
            $"""
            insert into providers (id, kind, base_url, region, org_id, team_id, environment_id, settings, enabled,
                                   allow_direct_models, restricted_egress, base_urls, regional_base_urls, health_check, timeout_seconds,
                                   credential_ciphertext, credential_nonce, credential_tag, credential_key_id,
                                   secret_setting_names, secret_settings_ciphertext, secret_settings_nonce, secret_settings_tag, secret_settings_key_id)
            values (@Id, @Kind, @BaseUrl, @Region, @OrgId, @TeamId, @EnvironmentId, @Settings::jsonb, @Enabled,
                    @AllowDirectModels, @RestrictedEgress, @BaseUrls, @RegionalBaseUrls::jsonb, @HealthCheck::jsonb, @TimeoutSeconds,
                    @Ciphertext, @Nonce, @Tag, @KeyId,
                    @SecretNames, @SecretCiphertext, @SecretNonce, @SecretTag, @SecretKeyId)
            returning {Columns}
            """,
            parameters,
            cancellationToken);
    }

    public Task<ProviderRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<ProviderRecord>($"select {Columns} from providers where id = @id", new { id }, cancellationToken);

    /// <summary>Providers ordered by id.</summary>
    public Task<Page<ProviderRecord>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        ListAsync(null, page, cancellationToken);

    /// <summary>Providers ordered by id, only those at <paramref name="scope"/> when it is given.</summary>
    public Task<Page<ProviderRecord>> ListAsync(Scope? scope, PageRequest page, CancellationToken cancellationToken) =>
        ScopeSql.PageAsync<ProviderRecord>(_sql, Columns, "providers", scope, page, row => row.Id, cancellationToken);

    /// <summary>
    /// Updates the provider's fields. The stored credential belongs to the URL it was given for: when the base URL or
    /// the kind changes, it is removed (in the same statement), unless <paramref name="credential"/> gives a new one,
    /// which then replaces it either way. <see cref="ProviderSpec.RestrictedEgress"/> here says who writes: a scoped
    /// admin's change of the base URL restricts the provider to public addresses (an unchanged URL keeps the flag as
    /// it was); a global admin's write, which states the whole provider, lifts it.
    /// </summary>
    /// <remarks>
    /// Secret settings follow the credential's rule: <paramref name="secretSettings"/> (non-empty) replaces the stored set;
    /// without it the set is kept while the kind and every URL stay as they are, and removed otherwise.
    /// </remarks>
    /// <returns>The updated provider, or null when it does not exist.</returns>
    /// <exception cref="InvalidOperationException">A credential or secret setting is given and no master key is configured.</exception>
    public Task<ProviderRecord?> UpdateAsync(ProviderSpec spec, CancellationToken cancellationToken, string? credential = null,
        IReadOnlyDictionary<string, string>? secretSettings = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parameters = new DynamicParameters(SpecParameters(spec));
        AddCredential(parameters, spec.Id, credential);
        AddSecretSettings(parameters, spec.Id, secretSettings);
        parameters.Add("Replace", credential is not null);
        parameters.Add("ReplaceSecrets", secretSettings is { Count: > 0 });
        // "Same destination" reads the row before this statement changes it (column references in SET see the old row).
        return _sql.QuerySingleOrDefaultAsync<ProviderRecord>(
            $"""
            update providers set kind = @Kind, base_url = @BaseUrl, region = @Region, org_id = @OrgId, team_id = @TeamId,
                environment_id = @EnvironmentId, settings = @Settings::jsonb, enabled = @Enabled,
                allow_direct_models = @AllowDirectModels,
                base_urls = @BaseUrls, regional_base_urls = @RegionalBaseUrls::jsonb, health_check = @HealthCheck::jsonb,
                timeout_seconds = @TimeoutSeconds,
                restricted_egress = @RestrictedEgress and (restricted_egress or not ({SameUrls})),
                credential_ciphertext = case when @Replace then @Ciphertext when {SameDestination} then credential_ciphertext end,
                credential_nonce = case when @Replace then @Nonce when {SameDestination} then credential_nonce end,
                credential_tag = case when @Replace then @Tag when {SameDestination} then credential_tag end,
                credential_key_id = case when @Replace then @KeyId when {SameDestination} then credential_key_id end,
                secret_setting_names = case when @ReplaceSecrets then @SecretNames when {SameDestination} then secret_setting_names else array[]::text[] end,
                secret_settings_ciphertext = case when @ReplaceSecrets then @SecretCiphertext when {SameDestination} then secret_settings_ciphertext end,
                secret_settings_nonce = case when @ReplaceSecrets then @SecretNonce when {SameDestination} then secret_settings_nonce end,
                secret_settings_tag = case when @ReplaceSecrets then @SecretTag when {SameDestination} then secret_settings_tag end,
                secret_settings_key_id = case when @ReplaceSecrets then @SecretKeyId when {SameDestination} then secret_settings_key_id end,
                updated_at = now()
            where id = @Id
            returning {Columns}
            """,
            parameters,
            cancellationToken);
    }

    /// <summary>Replaces the credential (null removes it).</summary>
    /// <returns>False when the provider does not exist.</returns>
    /// <exception cref="InvalidOperationException">A credential is given and no master key is configured.</exception>
    public async Task<bool> SetCredentialAsync(string id, string? credential, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var parameters = new DynamicParameters(new { id });
        AddCredential(parameters, id, credential);
        return await _sql.ExecuteAsync(
            """
            update providers set credential_ciphertext = @Ciphertext, credential_nonce = @Nonce, credential_tag = @Tag,
                credential_key_id = @KeyId, updated_at = now()
            where id = @id
            """,
            parameters,
            cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>The plaintext credential, for the catalog loader only; never log or return it to a client.</summary>
    /// <returns>Null when the provider does not exist or has no credential.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The credential's master key is not configured or the row was tampered with.</exception>
    public async Task<string?> DecryptCredentialAsync(string id, CancellationToken cancellationToken)
    {
        var row = await _sql.QuerySingleOrDefaultAsync<ProviderCredentialRow>(
            $"select {CredentialColumns} from providers where id = @id and credential_key_id is not null",
            new { id },
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : _protector.Unprotect(row.ProviderId, row.ToProtected());
    }

    /// <summary>The plaintext secret settings, for the catalog loader only; never log or return them to a client.</summary>
    /// <returns>Empty when the provider does not exist or has none.</returns>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The master key is not configured or the row was tampered with.</exception>
    public async Task<IReadOnlyDictionary<string, string>> DecryptSecretSettingsAsync(string id, CancellationToken cancellationToken)
    {
        var row = await _sql.QuerySingleOrDefaultAsync<ProviderCredentialRow>(
            $"select {SecretSettingsColumns} from providers where id = @id and secret_settings_key_id is not null",
            new { id },
            cancellationToken).ConfigureAwait(false);
        return row is null ? new Dictionary<string, string>() : UnprotectSecretSettings(_protector, row);
    }

    /// <summary>Decrypts a row of <see cref="SecretSettingsColumns"/>.</summary>
    internal static Dictionary<string, string> UnprotectSecretSettings(CredentialProtector protector, ProviderCredentialRow row)
    {
        using var json = System.Text.Json.JsonDocument.Parse(protector.Unprotect(row.ProviderId, row.ToProtected(), ProtectedValue.SecretSettings));
        return DataJson.ReadStringMap(json.RootElement);
    }

    /// <summary>
    /// Re-encrypts every credential (and every provider's secret settings) not under the current master key, so an old
    /// key can then be retired from <c>GATEWAY_MASTER_KEYS</c>. Each row is updated on its own, only if it is still what
    /// was read (a row changed meanwhile is left for the next run); one that cannot be decrypted is reported and the rest go on.
    /// </summary>
    /// <exception cref="InvalidOperationException">No master key is configured.</exception>
    public async Task<CredentialReencryption> ReencryptCredentialsAsync(CancellationToken cancellationToken)
    {
        var current = _protector.CurrentKeyId ?? throw new InvalidOperationException(
            $"Cannot re-encrypt credentials: no master key is configured ({MasterKeyRing.ConfigurationKey}).");
        var alreadyCurrent = await _sql.QuerySingleOrDefaultAsync<long>(
            "select count(*) from providers where credential_key_id = @current", new { current }, cancellationToken).ConfigureAwait(false);
        var tally = new ReencryptionTally();
        await ReencryptAsync("credential", CredentialColumns, ProtectedValue.Credential, current, tally, cancellationToken).ConfigureAwait(false);
        await ReencryptAsync("secret_settings", SecretSettingsColumns, ProtectedValue.SecretSettings, current, tally, cancellationToken).ConfigureAwait(false);
        return new CredentialReencryption(current, tally.Reencrypted, (int)alreadyCurrent, tally.Changed, tally.Failed);
    }

    private async Task ReencryptAsync(string prefix, string columns, ProtectedValue kind, string current, ReencryptionTally tally, CancellationToken cancellationToken)
    {
        var rows = await _sql.QueryAsync<ProviderCredentialRow>(
            $"select {columns} from providers where {prefix}_key_id is not null and {prefix}_key_id <> @current order by id",
            new { current },
            cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            ProtectedCredential protectedNow;
            try
            {
                protectedNow = _protector.Protect(row.ProviderId, _protector.Unprotect(row.ProviderId, row.ToProtected(), kind), kind);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                tally.Failed.Add(new CredentialReencryptionFailure(row.ProviderId, row.KeyId, ex.Message));
                continue;
            }
            var updated = await _sql.ExecuteAsync(
                $"""
                update providers set {prefix}_ciphertext = @Ciphertext, {prefix}_nonce = @Nonce, {prefix}_tag = @Tag,
                    {prefix}_key_id = @KeyId, updated_at = now()
                where id = @id and {prefix}_key_id = @oldKeyId and {prefix}_nonce = @oldNonce
                """,
                new
                {
                    id = row.ProviderId,
                    oldKeyId = row.KeyId,
                    oldNonce = row.Nonce,
                    Ciphertext = protectedNow.Ciphertext.ToArray(),
                    Nonce = protectedNow.Nonce.ToArray(),
                    Tag = protectedNow.Tag.ToArray(),
                    protectedNow.KeyId,
                },
                cancellationToken).ConfigureAwait(false);
            if (updated > 0)
            {
                tally.Reencrypted++;
            }
            else
            {
                tally.Changed++;
            }
        }
    }

    /// <summary>Deletes the provider with its models.</summary>
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync("delete from providers where id = @id", new { id }, cancellationToken);

    private static object SpecParameters(ProviderSpec spec)
    {
        return new
        {
            spec.Id,
            spec.Kind,
            spec.BaseUrl,
            spec.Region,
            OrgId = spec.Scope.OrganizationId,
            spec.Scope.TeamId,
            spec.Scope.EnvironmentId,
            Settings = DataJson.ObjectOrEmpty(spec.Settings, nameof(spec.Settings)),
            spec.Enabled,
            spec.AllowDirectModels,
            spec.RestrictedEgress,
            BaseUrls = (spec.BaseUrls ?? []).ToArray(),
            RegionalBaseUrls = DataJson.WriteStringMap(spec.RegionalBaseUrls),
            HealthCheck = DataJson.ObjectOrEmpty(spec.HealthCheck, nameof(spec.HealthCheck)),
            spec.TimeoutSeconds,
        };
    }

    private void AddSecretSettings(DynamicParameters parameters, string providerId, IReadOnlyDictionary<string, string>? secretSettings)
    {
        var any = secretSettings is { Count: > 0 };
        var protectedSettings = any ? _protector.Protect(providerId, DataJson.WriteStringMap(secretSettings), ProtectedValue.SecretSettings) : null;
        parameters.Add("SecretNames", any ? secretSettings!.Keys.Order(StringComparer.Ordinal).ToArray() : Array.Empty<string>());
        parameters.Add("SecretCiphertext", protectedSettings?.Ciphertext.ToArray(), System.Data.DbType.Binary);
        parameters.Add("SecretNonce", protectedSettings?.Nonce.ToArray(), System.Data.DbType.Binary);
        parameters.Add("SecretTag", protectedSettings?.Tag.ToArray(), System.Data.DbType.Binary);
        parameters.Add("SecretKeyId", protectedSettings?.KeyId, System.Data.DbType.String);
    }

    private void AddCredential(DynamicParameters parameters, string providerId, string? credential)
    {
        var protectedCredential = credential is null ? null : _protector.Protect(providerId, credential);
        parameters.Add("Ciphertext", protectedCredential?.Ciphertext.ToArray(), System.Data.DbType.Binary);
        parameters.Add("Nonce", protectedCredential?.Nonce.ToArray(), System.Data.DbType.Binary);
        parameters.Add("Tag", protectedCredential?.Tag.ToArray(), System.Data.DbType.Binary);
        parameters.Add("KeyId", protectedCredential?.KeyId, System.Data.DbType.String);
    }

    private sealed class ReencryptionTally
    {
        public int Reencrypted;
        public int Changed;
        public readonly List<CredentialReencryptionFailure> Failed = [];
    }
}
