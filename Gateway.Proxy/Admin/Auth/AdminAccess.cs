using Gateway.Data.Keys;

namespace Gateway.Proxy.Admin.Auth;

/// <summary>
/// The admin API's scope rules, in one place:
/// <list type="bullet">
/// <item>A global admin may do everything.</item>
/// <item>A scoped admin manages what lies in one of its admin scopes: the scope itself and everything below it
/// (an organization admin: the organization, its teams and environments, and the providers, aliases, policies,
/// keys and quotas defined there). Global entries (global providers and aliases, the price book, the audit log,
/// creating or listing organizations) need a global admin.</item>
/// <item>A tenant's container is created and deleted from above: a team by an admin of its organization, an
/// environment by an admin of its team or organization, an organization by a global admin. Its admin may read and
/// update it. Quotas on an organization, team or environment follow the same rule, so no admin raises its own limit.</item>
/// <item>A key is managed by an admin whose scopes hold every one of the key's bindings.</item>
/// </list>
/// What a scoped admin does not administer it cannot see either: an id (in the path, or a scope or subject in the
/// body or query) that lies outside its scopes and one that does not exist get the same 403, word for word, so another
/// tenant's ids cannot be probed. Only a global admin is told that an id does not exist (404). Something the caller
/// does see but may not change (its own container, which is deleted from above) is a plain 403.
/// </summary>
internal sealed class AdminAccess(ScopeResolver scopes, ApiKeyRepository keys)
{
    public static void RequireGlobal(AdminCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsGlobal)
        {
            throw new AdminProblemException(AdminErrors.GlobalOnly);
        }
    }

    /// <summary>
    /// The answer for an id the caller cannot see: to a scoped caller the same 403 whether it exists elsewhere or not
    /// at all; to a global caller (who sees everything) a 404.
    /// </summary>
    public static AdminProblemException Unseen(AdminCaller caller, string entity, string id, string? param = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new AdminProblemException(caller.IsGlobal ? AdminErrors.NotFound(entity, id, param) : AdminErrors.NotVisible(entity, id, param));
    }

    /// <summary>
    /// Requires the caller to administer the existing <paramref name="entity"/> at <paramref name="chain"/> (with
    /// <paramref name="fromAbove"/>, the scope above it too): outside its scopes it is <see cref="Unseen"/>.
    /// </summary>
    public static void Require(AdminCaller caller, ScopeChain chain, string entity, string id, bool fromAbove = false)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.Covers(chain))
        {
            throw Unseen(caller, entity, id);
        }
        if (fromAbove && !caller.Covers(chain.Parent))
        {
            throw new AdminProblemException(chain.Parent.IsGlobal ? AdminErrors.GlobalOnly : AdminErrors.OutOfScope($"the scope above {chain}"));
        }
    }

    /// <summary>Requires the caller to administer the existing <paramref name="entity"/> defined at <paramref name="scope"/>.</summary>
    public async Task RequireEntityAsync(AdminCaller caller, Scope scope, string entity, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.IsGlobal)
        {
            return;
        }
        var chain = scope.Kind == ScopeKind.Global ? ScopeChain.Global : await scopes.ResolveAsync(scope, cancellationToken).ConfigureAwait(false);
        Require(caller, chain ?? throw Unseen(caller, entity, id), entity, id);
    }

    /// <summary>
    /// The <paramref name="entity"/> that <paramref name="lookup"/> finds, defined at the scope <paramref name="scopeOf"/>
    /// tells, which the caller must administer; one that does not exist is <see cref="Unseen"/> like one outside its scopes.
    /// </summary>
    public async Task<T> RequireEntityAsync<T>(
        AdminCaller caller, Task<T?> lookup, Func<T, Scope> scopeOf, string entity, string id, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(scopeOf);
        var found = await lookup.ConfigureAwait(false) ?? throw Unseen(caller, entity, id);
        await RequireEntityAsync(caller, scopeOf(found), entity, id, cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// The chain of a scope a request names (<paramref name="param"/>: where), which the caller must administer. A
    /// scope that does not exist is <see cref="Unseen"/> like one outside the caller's scopes; the global scope needs a
    /// global admin.
    /// </summary>
    public async Task<ScopeChain> RequireScopeAsync(AdminCaller caller, Scope scope, string? param, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (scope.Kind == ScopeKind.Global)
        {
            RequireGlobal(caller);
            return ScopeChain.Global;
        }
        var entity = EntityOf(scope.Kind);
        var id = scope.Id.GetValueOrDefault().ToString();
        var chain = await scopes.ResolveAsync(scope, cancellationToken).ConfigureAwait(false) ?? throw Unseen(caller, entity, id, param);
        if (!caller.Covers(chain))
        {
            throw Unseen(caller, entity, id, param);
        }
        return chain;
    }

    /// <summary>
    /// The <c>?scope=</c> of a list: optional for a global caller (null lists every scope), required for a scoped
    /// one, who may only list inside its scopes.
    /// </summary>
    public async Task<Scope?> ListScopeAsync(AdminCaller caller, string? scopeText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (scopeText is null)
        {
            return caller.IsGlobal
                ? null
                : throw new AdminProblemException(AdminErrors.Invalid("scope",
                    "A key that administers only part of the gateway must name the scope to list: ?scope=org:ID, team:ID or environment:ID.",
                    "scope_required"));
        }
        var scope = Validation.Fields.Scope(scopeText, "scope");
        await RequireScopeAsync(caller, scope, "scope", cancellationToken).ConfigureAwait(false);
        return scope;
    }

    /// <summary>The chain of a scope known to exist (an existing entity's); 404 naming <paramref name="param"/> if it was deleted meanwhile.</summary>
    public async Task<ScopeChain> ResolveAsync(Scope scope, string? param, CancellationToken cancellationToken) =>
        await scopes.ResolveAsync(scope, cancellationToken).ConfigureAwait(false)
        ?? throw new AdminProblemException(AdminErrors.NotFound(EntityOf(scope.Kind), scope.Id.ToString()!, param));

    /// <summary>
    /// Requires the key to exist and every one of its bindings to be in the caller's scopes; otherwise
    /// <see cref="Unseen"/> (named by <paramref name="param"/> when the id came from the body or query).
    /// </summary>
    public async Task<IReadOnlyList<ApiKeyBindingRecord>> RequireKeyAsync(AdminCaller caller, Guid keyId, string? param, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var bindings = await keys.GetBindingsAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (caller.IsGlobal)
        {
            return bindings.Count == 0 && await keys.GetAsync(keyId, cancellationToken).ConfigureAwait(false) is null
                ? throw Unseen(caller, "api_key", keyId.ToString(), param)
                : bindings;
        }
        if (bindings.Count == 0 || !bindings.All(binding => caller.Covers(ChainOf(binding))))
        {
            throw Unseen(caller, "api_key", keyId.ToString(), param);
        }
        return bindings;
    }

    public static ScopeChain ChainOf(ApiKeyBindingRecord binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new ScopeChain(binding.OrgId, binding.TeamId, binding.EnvironmentId);
    }

    private static string EntityOf(ScopeKind kind) => kind switch
    {
        ScopeKind.Organization => "organization",
        ScopeKind.Team => "team",
        ScopeKind.Environment => "environment",
        _ => "scope",
    };
}
