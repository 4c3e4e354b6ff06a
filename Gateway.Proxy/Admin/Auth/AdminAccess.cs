using Gateway.Data.Records;
using Gateway.Data.Repositories;
using Gateway.Proxy.Admin.Http;

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
/// <item>A key is managed by an admin whose scopes hold every one of the key's bindings; a key without bindings
/// only by a global admin.</item>
/// </list>
/// Out of scope is 403; an id that does not exist is 404.
/// </summary>
internal sealed class AdminAccess
{
    private readonly ScopeResolver _scopes;
    private readonly ApiKeyRepository _keys;

    public AdminAccess(ScopeResolver scopes, ApiKeyRepository keys)
    {
        _scopes = scopes;
        _keys = keys;
    }

    public static void RequireGlobal(AdminCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsGlobal)
        {
            throw new AdminProblemException(AdminErrors.GlobalOnly);
        }
    }

    /// <summary>Requires <paramref name="chain"/> (or, with <paramref name="fromAbove"/>, its parent) to be in the caller's scopes.</summary>
    public static void Require(AdminCaller caller, ScopeChain chain, bool fromAbove = false)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var needed = fromAbove ? chain.Parent : chain;
        if (!caller.Covers(needed))
        {
            throw new AdminProblemException(needed.IsGlobal ? AdminErrors.GlobalOnly : AdminErrors.OutOfScope(Describe(chain)));
        }
    }

    /// <summary>
    /// Requires the caller to administer <paramref name="scope"/>, which must exist for a scoped caller (404 naming
    /// <paramref name="param"/> otherwise). A global caller is not asked to look it up: the database's foreign keys answer for it.
    /// </summary>
    public async Task RequireAsync(AdminCaller caller, Scope scope, string? param, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scope);
        if (caller.IsGlobal)
        {
            return;
        }
        if (scope.Kind == ScopeKind.Global)
        {
            throw new AdminProblemException(AdminErrors.GlobalOnly);
        }
        Require(caller, await ResolveAsync(scope, param, cancellationToken).ConfigureAwait(false));
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
        await RequireAsync(caller, scope, "scope", cancellationToken).ConfigureAwait(false);
        return scope;
    }

    /// <summary>The scope's chain; 404 naming <paramref name="param"/> when it does not exist.</summary>
    public async Task<ScopeChain> ResolveAsync(Scope scope, string? param, CancellationToken cancellationToken) =>
        await _scopes.ResolveAsync(scope, cancellationToken).ConfigureAwait(false)
        ?? throw new AdminProblemException(AdminErrors.NotFound(scope.Kind == ScopeKind.Org ? "organization" : scope.Kind.ToString().ToLowerInvariant(), scope.Id.ToString()!, param));

    /// <summary>Requires the key to exist (404) and every one of its bindings to be in the caller's scopes (403).</summary>
    public async Task<IReadOnlyList<ApiKeyBindingRecord>> RequireKeyAsync(AdminCaller caller, Guid keyId, string? param, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var bindings = await _keys.GetBindingsAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (bindings.Count == 0 && await _keys.GetAsync(keyId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new AdminProblemException(AdminErrors.NotFound("api_key", keyId.ToString(), param));
        }
        if (!caller.IsGlobal && (bindings.Count == 0 || !bindings.All(binding => caller.Covers(ChainOf(binding)))))
        {
            throw new AdminProblemException(AdminErrors.OutOfScope("every scope this key is bound to"));
        }
        return bindings;
    }

    public static ScopeChain ChainOf(ApiKeyBindingRecord binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new ScopeChain(binding.OrgId, binding.TeamId, binding.EnvironmentId);
    }

    private static string Describe(ScopeChain chain) => chain.IsGlobal ? "the global scope" : chain.ToString();
}
