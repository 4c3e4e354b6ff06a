using Gateway.Data.Security;

namespace Gateway.Data.Keys;

/// <summary>
/// API keys and their scope bindings. The secret exists only in the result of <see cref="CreateAsync"/> and
/// <see cref="RotateAsync"/>; the database keeps its SHA-256 and an 8-character prefix. Revoking or deleting
/// a key notifies <c>gateway_key_revoked</c> with the hash so every replica drops it from its cache.
/// </summary>
public sealed class ApiKeyRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    internal const string KeyColumns =
        "id as Id, name as Name, prefix as Prefix, created_at as CreatedAt, expires_at as ExpiresAt, " +
        "revoked_at as RevokedAt, last_used_at as LastUsedAt, region as Region";

    internal const string BindingSelect = $"""
        select b.id as Id, b.key_id as KeyId, {BindingScope} as Scope,
               coalesce(b.org_id, t.org_id, et.org_id) as OrgId,
               coalesce(b.team_id, e.team_id) as TeamId,
               b.environment_id as EnvironmentId,
               b.allowed_models as AllowedModels, b.rpm_limit as RpmLimit, b.tpm_limit as TpmLimit,
               b.max_concurrent as MaxConcurrent, b.is_admin as IsAdmin, coalesce(e.store_bodies, false) as StoreBodies, b.created_at as CreatedAt,
               b.allow_direct_models as AllowDirectModels
        from api_key_bindings b
        left join teams t on t.id = b.team_id
        left join environments e on e.id = b.environment_id
        left join teams et on et.id = e.team_id
        """;

    private const string BindingScope =
        "coalesce('environment:' || b.environment_id, 'team:' || b.team_id, 'org:' || b.org_id)";

    private const string InsertBinding = """
        insert into api_key_bindings (id, key_id, org_id, team_id, environment_id, allowed_models, rpm_limit, tpm_limit, max_concurrent, is_admin, allow_direct_models)
        values (@Id, @KeyId, @OrgId, @TeamId, @EnvironmentId, @AllowedModels, @RpmLimit, @TpmLimit, @MaxConcurrent, @IsAdmin, @AllowDirectModels)
        """;

    private readonly SqlExecutor _sql = new(dataSource, options);

    /// <summary>Creates a key and its bindings in one transaction; the returned secret is the only copy.</summary>
    public Task<CreatedApiKey> CreateAsync(NewApiKey request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Bindings);
        foreach (var binding in request.Bindings)
        {
            ValidateBinding(binding);
        }

        return _sql.InTransactionAsync(
            async (connection, transaction) =>
            {
                var (secret, key) = await InsertKeyAsync(connection, transaction, request.Name, request.ExpiresAt, request.Region, cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(_sql.Command(
                    InsertBinding,
                    request.Bindings.Select(binding => BindingParameters(key.Id, binding)).ToArray(),
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                var bindings = await ReadBindingsAsync(connection, transaction, key.Id, cancellationToken).ConfigureAwait(false);
                return new CreatedApiKey(secret, key, bindings);
            },
            cancellationToken);
    }

    public Task<ApiKeyRecord?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<ApiKeyRecord>($"select {KeyColumns} from api_keys where id = @id", new { id }, cancellationToken);

    /// <summary>
    /// Keys by id, revoked and expired ones included, that have at least one binding and all of them within
    /// <paramref name="within"/> (at it or at a team or environment below it): the keys an administrator of that
    /// scope manages. A global scope lists every key, bound or not.
    /// </summary>
    public async Task<Page<ApiKeyRecord>> ListAsync(Scope within, PageRequest page, CancellationToken cancellationToken)
    {
        if (within.Kind == ScopeKind.Global)
        {
            return await ListAsync(page, cancellationToken).ConfigureAwait(false);
        }

        var outside = within.Kind switch
        {
            ScopeKind.Organization => "coalesce(b.org_id, t.org_id, et.org_id) is distinct from @id",
            ScopeKind.Team => "coalesce(b.team_id, e.team_id) is distinct from @id",
            _ => "b.environment_id is distinct from @id",
        };
        return await _sql.QueryPageAsync<ApiKeyRecord>(
            $"""
            select {KeyColumns} from api_keys k
            where (@after::uuid is null or k.id > @after)
              and exists (select 1 from api_key_bindings b where b.key_id = k.id)
              and not exists (
                  select 1 from api_key_bindings b
                  left join teams t on t.id = b.team_id
                  left join environments e on e.id = b.environment_id
                  left join teams et on et.id = e.team_id
                  where b.key_id = k.id and {outside})
            order by k.id limit @take
            """,
            page, (after, take) => new { id = within.Id, after, take }, row => row.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keys by id (UUIDv7: creation order to the millisecond), revoked and expired ones included.</summary>
    public Task<Page<ApiKeyRecord>> ListAsync(PageRequest page, CancellationToken cancellationToken) =>
        _sql.QueryPageAsync<ApiKeyRecord>(
            $"select {KeyColumns} from api_keys where (@after::uuid is null or id > @after) order by id limit @take",
            page, (after, take) => new { after, take }, row => row.Id, cancellationToken);

    /// <summary>
    /// Finds a key by the SHA-256 of its secret, with its bindings, whatever its state: check
    /// <see cref="ApiKeyRecord.IsActiveAt"/> before trusting it.
    /// </summary>
    public Task<ApiKeyWithBindings?> FindByHashAsync(ReadOnlyMemory<byte> keyHash, CancellationToken cancellationToken)
    {
        var hash = keyHash.ToArray();
        return _sql.WithConnectionAsync(
            async connection =>
            {
                var reader = await connection.QueryMultipleAsync(_sql.Command(
                    $"""
                    select {KeyColumns} from api_keys where key_hash = @hash;
                    {BindingSelect} where b.key_id = (select id from api_keys where key_hash = @hash) order by b.created_at, b.id;
                    """,
                    new { hash },
                    null,
                    cancellationToken)).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var key = await reader.ReadSingleOrDefaultAsync<ApiKeyRecord>().ConfigureAwait(false);
                    var bindings = (await reader.ReadAsync<ApiKeyBindingRecord>().ConfigureAwait(false)).AsList();
                    return key is null ? null : new ApiKeyWithBindings(key, bindings);
                }
            },
            cancellationToken);
    }

    /// <summary>Hashes <paramref name="secret"/> and finds its key; see <see cref="FindByHashAsync"/>.</summary>
    public Task<ApiKeyWithBindings?> FindBySecretAsync(string secret, CancellationToken cancellationToken) =>
        FindByHashAsync(ApiKeySecrets.Hash(secret), cancellationToken);

    public async Task<IReadOnlyList<ApiKeyBindingRecord>> GetBindingsAsync(Guid keyId, CancellationToken cancellationToken) =>
        await _sql.QueryAsync<ApiKeyBindingRecord>(
            $"{BindingSelect} where b.key_id = @keyId order by b.created_at, b.id", new { keyId }, cancellationToken).ConfigureAwait(false);

    public Task<ApiKeyBindingRecord> AddBindingAsync(Guid keyId, ApiKeyBindingSpec binding, CancellationToken cancellationToken)
    {
        ValidateBinding(binding);
        return _sql.InTransactionAsync(
            async (connection, transaction) =>
            {
                var parameters = BindingParameters(keyId, binding);
                await connection.ExecuteAsync(_sql.Command(InsertBinding, parameters, transaction, cancellationToken)).ConfigureAwait(false);
                return await connection.QuerySingleAsync<ApiKeyBindingRecord>(_sql.Command(
                    $"{BindingSelect} where b.id = @Id", parameters, transaction, cancellationToken)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <summary>
    /// Removes one of a key's bindings, unless it is the key's last: a key without a binding has no scope and is
    /// refused at authentication, so the key is deleted or revoked instead. The key's row is locked meanwhile, so two
    /// removals at once cannot together remove the last two.
    /// </summary>
    public Task<BindingRemoval> RemoveBindingAsync(Guid keyId, Guid bindingId, CancellationToken cancellationToken) =>
        _sql.InTransactionAsync(
            async (connection, transaction) =>
            {
                var bindings = await connection.ExecuteScalarAsync<long?>(_sql.Command(
                    """
                    select (select count(*) from api_key_bindings where key_id = k.id) from api_keys k where k.id = @keyId for update
                    """,
                    new { keyId },
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                var exists = await connection.ExecuteScalarAsync<bool>(_sql.Command(
                    "select exists (select 1 from api_key_bindings where id = @bindingId and key_id = @keyId)",
                    new { keyId, bindingId },
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                if (bindings is null || !exists)
                {
                    return BindingRemoval.NotFound;
                }
                if (bindings <= 1)
                {
                    return BindingRemoval.LastBinding;
                }
                await connection.ExecuteAsync(_sql.Command(
                    "delete from api_key_bindings where id = @bindingId and key_id = @keyId", new { keyId, bindingId }, transaction, cancellationToken)).ConfigureAwait(false);
                return BindingRemoval.Removed;
            },
            cancellationToken);

    /// <returns>True when the key was active and is now revoked; false when it does not exist or was already revoked.</returns>
    public Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync(
            "update api_keys set revoked_at = now() where id = @id and revoked_at is null", new { id }, cancellationToken);

    /// <summary>
    /// Revokes an active key and creates its successor, with the same name, expiry, bindings and quotas (the key's own
    /// quota rows, and its usage of the windows still open), in one transaction.
    /// </summary>
    /// <returns>The new key with its secret, or null when the key does not exist or is revoked or expired.</returns>
    public Task<CreatedApiKey?> RotateAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.InTransactionAsync(
            async (connection, transaction) =>
            {
                var old = await connection.QuerySingleOrDefaultAsync<ApiKeyRecord>(_sql.Command(
                    $"""
                    update api_keys set revoked_at = now()
                    where id = @id and revoked_at is null and (expires_at is null or expires_at > now())
                    returning {KeyColumns}
                    """,
                    new { id },
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                if (old is null)
                {
                    return null;
                }

                var (secret, key) = await InsertKeyAsync(connection, transaction, old.Name, old.ExpiresAt, old.Region, cancellationToken).ConfigureAwait(false);
                // The successor is the same key to every limit: its bindings, its own quota rows, and what it has
                // already used of the windows still open (else rotating would reset a spent budget).
                await connection.ExecuteAsync(_sql.Command(
                    """
                    insert into api_key_bindings (id, key_id, org_id, team_id, environment_id, allowed_models, rpm_limit, tpm_limit, max_concurrent, is_admin, allow_direct_models)
                    select gen_random_uuid(), @newId, org_id, team_id, environment_id, allowed_models, rpm_limit, tpm_limit, max_concurrent, is_admin, allow_direct_models
                    from api_key_bindings where key_id = @oldId;
                    insert into quotas (id, subject_kind, subject_id, metric, window_unit, limit_value)
                    select gen_random_uuid(), 'key', @newId, metric, window_unit, limit_value
                    from quotas where subject_kind = 'key' and subject_id = @oldId;
                    insert into quota_counters (subject_kind, subject_id, metric, window_unit, window_start, window_end, used)
                    select 'key', @newId::text, metric, window_unit, window_start, window_end, used
                    from quota_counters where subject_kind = 'key' and subject_id = @oldId::text and window_end > now();
                    """,
                    new { newId = key.Id, oldId = id },
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                var bindings = await ReadBindingsAsync(connection, transaction, key.Id, cancellationToken).ConfigureAwait(false);
                return (CreatedApiKey?)new CreatedApiKey(secret, key, bindings);
            },
            cancellationToken);

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync("delete from api_keys where id = @id", new { id }, cancellationToken);

    /// <summary>
    /// Records when keys were last used, many in one statement: the proxy collects uses in memory and flushes
    /// them now and then. A time older than the stored one is ignored.
    /// </summary>
    /// <returns>How many keys were updated.</returns>
    public Task<int> TouchLastUsedAsync(IReadOnlyDictionary<Guid, DateTimeOffset> lastUsed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastUsed);
        if (lastUsed.Count == 0)
        {
            return Task.FromResult(0);
        }

        var ids = lastUsed.Keys.ToArray();
        var times = ids.Select(id => lastUsed[id].UtcDateTime).ToArray();
        return _sql.ExecuteAsync(
            """
            update api_keys k set last_used_at = u.at
            from unnest(@ids::uuid[], @times::timestamptz[]) as u(id, at)
            where k.id = u.id and (k.last_used_at is null or k.last_used_at < u.at)
            """,
            new { ids, times },
            cancellationToken);
    }

    private static void ValidateBinding(ApiKeyBindingSpec binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(binding.AllowedModels);
        if (binding.Scope.Kind == ScopeKind.Global)
        {
            throw new ArgumentException("A key binding needs an organization, team or environment scope.", nameof(binding));
        }
    }

    private static object BindingParameters(Guid keyId, ApiKeyBindingSpec binding) => new
    {
        Id = Guid.CreateVersion7(),
        KeyId = keyId,
        OrgId = binding.Scope.OrganizationId,
        binding.Scope.TeamId,
        binding.Scope.EnvironmentId,
        AllowedModels = binding.AllowedModels.ToArray(),
        binding.RpmLimit,
        binding.TpmLimit,
        binding.MaxConcurrent,
        binding.IsAdmin,
        binding.AllowDirectModels,
    };

    private async Task<(string Secret, ApiKeyRecord Key)> InsertKeyAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string name,
        DateTimeOffset? expiresAt,
        string? region,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var secret = ApiKeySecrets.Generate();
        var key = await connection.QuerySingleAsync<ApiKeyRecord>(_sql.Command(
            $"""
            insert into api_keys (id, name, prefix, key_hash, expires_at, region) values (@Id, @Name, @Prefix, @Hash, @ExpiresAt, @Region)
            returning {KeyColumns}
            """,
            new { Id = Guid.CreateVersion7(), Name = name, Prefix = ApiKeySecrets.Prefix(secret), Hash = ApiKeySecrets.Hash(secret), ExpiresAt = expiresAt?.ToUniversalTime(), Region = region },
            transaction,
            cancellationToken)).ConfigureAwait(false);
        return (secret, key);
    }

    private async Task<IReadOnlyList<ApiKeyBindingRecord>> ReadBindingsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid keyId,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<ApiKeyBindingRecord>(_sql.Command(
            $"{BindingSelect} where b.key_id = @keyId order by b.created_at, b.id", new { keyId }, transaction, cancellationToken)).ConfigureAwait(false)).AsList();
}
