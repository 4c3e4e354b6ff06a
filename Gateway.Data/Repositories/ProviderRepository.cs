using Dapper;
using Gateway.Data.Options;
using Gateway.Data.Records;
using Gateway.Data.Security;
using Gateway.Data.Sql;
using Gateway.Policies.Tenancy;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gateway.Data.Repositories;

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
        "allow_direct_models as AllowDirectModels, restricted_egress as RestrictedEgress";

    internal const string CredentialColumns =
        "id as ProviderId, credential_ciphertext as Ciphertext, credential_nonce as Nonce, credential_tag as Tag, credential_key_id as KeyId";

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
    /// <exception cref="InvalidOperationException">A credential is given and no master key is configured.</exception>
    public async Task<ProviderRecord> CreateAsync(ProviderSpec spec, string? credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parameters = new DynamicParameters(SpecParameters(spec));
        AddCredential(parameters, spec.Id, credential);
        return (await _sql.QuerySingleOrDefaultAsync<ProviderRecord>(
            $"""
            insert into providers (id, kind, base_url, region, org_id, team_id, environment_id, settings, enabled,
                                   allow_direct_models, restricted_egress,
                                   credential_ciphertext, credential_nonce, credential_tag, credential_key_id)
            values (@Id, @Kind, @BaseUrl, @Region, @OrgId, @TeamId, @EnvironmentId, @Settings::jsonb, @Enabled,
                    @AllowDirectModels, @RestrictedEgress,
                    @Ciphertext, @Nonce, @Tag, @KeyId)
            returning {Columns}
            """,
            parameters,
            cancellationToken).ConfigureAwait(false))!;
    }

    public Task<ProviderRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<ProviderRecord>($"select {Columns} from providers where id = @id", new { id }, cancellationToken);

    /// <summary>Providers ordered by id.</summary>
    public Task<Page<ProviderRecord>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        ListAsync(null, page, cancellationToken);

    /// <summary>Providers ordered by id, only those at <paramref name="scope"/> when it is given.</summary>
    public async Task<Page<ProviderRecord>> ListAsync(Scope? scope, PageRequest page, CancellationToken cancellationToken)
    {
        var limit = Paging.Limit(page, _sql.Options);
        var after = page.Cursor is null ? null : PageCursor.Decode(page.Cursor, 1)[0];
        var rows = await _sql.QueryAsync<ProviderRecord>(
            $"""
            select {Columns} from providers
            where (not @filtered or ({ScopeSql.Matches})) and (@after::text is null or id > @after)
            order by id limit @take
            """,
            new { filtered = scope is not null, OrgId = scope?.OrganizationId, TeamId = scope?.TeamId, EnvironmentId = scope?.EnvironmentId, after, take = limit + 1 },
            cancellationToken).ConfigureAwait(false);
        return Paging.Build(rows, limit, row => PageCursor.Encode(row.Id));
    }

    /// <summary>
    /// Updates the provider's fields. The stored credential belongs to the URL it was given for: when the base URL or
    /// the kind changes, it is removed (in the same statement), unless <paramref name="credential"/> gives a new one,
    /// which then replaces it either way. <see cref="ProviderSpec.RestrictedEgress"/> here says who writes: a scoped
    /// admin's change of the base URL restricts the provider to public addresses (an unchanged URL keeps the flag as
    /// it was); a global admin's write, which states the whole provider, lifts it.
    /// </summary>
    /// <returns>The updated provider, or null when it does not exist.</returns>
    /// <exception cref="InvalidOperationException">A credential is given and no master key is configured.</exception>
    public Task<ProviderRecord?> UpdateAsync(ProviderSpec spec, CancellationToken cancellationToken, string? credential = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parameters = new DynamicParameters(SpecParameters(spec));
        AddCredential(parameters, spec.Id, credential);
        parameters.Add("Replace", credential is not null);
        return _sql.QuerySingleOrDefaultAsync<ProviderRecord>(
            $"""
            update providers set kind = @Kind, base_url = @BaseUrl, region = @Region, org_id = @OrgId, team_id = @TeamId,
                environment_id = @EnvironmentId, settings = @Settings::jsonb, enabled = @Enabled,
                allow_direct_models = @AllowDirectModels,
                restricted_egress = @RestrictedEgress and (restricted_egress or base_url <> @BaseUrl),
                credential_ciphertext = case when @Replace then @Ciphertext when base_url = @BaseUrl and kind = @Kind then credential_ciphertext end,
                credential_nonce = case when @Replace then @Nonce when base_url = @BaseUrl and kind = @Kind then credential_nonce end,
                credential_tag = case when @Replace then @Tag when base_url = @BaseUrl and kind = @Kind then credential_tag end,
                credential_key_id = case when @Replace then @KeyId when base_url = @BaseUrl and kind = @Kind then credential_key_id end,
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

    /// <summary>
    /// Re-encrypts every credential not under the current master key, so an old key can then be retired from
    /// <c>GATEWAY_MASTER_KEYS</c>. Each row is updated on its own, only if it is still what was read (a row changed
    /// meanwhile is left for the next run); one that cannot be decrypted is reported and the rest go on.
    /// </summary>
    /// <exception cref="InvalidOperationException">No master key is configured.</exception>
    public async Task<CredentialReencryption> ReencryptCredentialsAsync(CancellationToken cancellationToken)
    {
        var current = _protector.CurrentKeyId ?? throw new InvalidOperationException(
            $"Cannot re-encrypt credentials: no master key is configured ({MasterKeyRing.ConfigurationKey}).");
        var rows = await _sql.QueryAsync<ProviderCredentialRow>(
            $"select {CredentialColumns} from providers where credential_key_id is not null and credential_key_id <> @current order by id",
            new { current },
            cancellationToken).ConfigureAwait(false);
        var alreadyCurrent = await _sql.QuerySingleOrDefaultAsync<long>(
            "select count(*) from providers where credential_key_id = @current", new { current }, cancellationToken).ConfigureAwait(false);
        int reencrypted = 0, changed = 0;
        var failed = new List<CredentialReencryptionFailure>();
        foreach (var row in rows)
        {
            ProtectedCredential protectedNow;
            try
            {
                protectedNow = _protector.Protect(row.ProviderId, _protector.Unprotect(row.ProviderId, row.ToProtected()));
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                failed.Add(new CredentialReencryptionFailure(row.ProviderId, row.KeyId, ex.Message));
                continue;
            }
            var updated = await _sql.ExecuteAsync(
                """
                update providers set credential_ciphertext = @Ciphertext, credential_nonce = @Nonce, credential_tag = @Tag,
                    credential_key_id = @KeyId, updated_at = now()
                where id = @id and credential_key_id = @oldKeyId and credential_nonce = @oldNonce
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
                reencrypted++;
            }
            else
            {
                changed++;
            }
        }

        return new CredentialReencryption(current, reencrypted, (int)alreadyCurrent, changed, failed);
    }

    /// <summary>Deletes the provider with its models.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        await _sql.ExecuteAsync("delete from providers where id = @id", new { id }, cancellationToken).ConfigureAwait(false) > 0;

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
        };
    }

    private void AddCredential(DynamicParameters parameters, string providerId, string? credential)
    {
        var protectedCredential = credential is null ? null : _protector.Protect(providerId, credential);
        parameters.Add("Ciphertext", protectedCredential?.Ciphertext.ToArray(), System.Data.DbType.Binary);
        parameters.Add("Nonce", protectedCredential?.Nonce.ToArray(), System.Data.DbType.Binary);
        parameters.Add("Tag", protectedCredential?.Tag.ToArray(), System.Data.DbType.Binary);
        parameters.Add("KeyId", protectedCredential?.KeyId, System.Data.DbType.String);
    }
}
