namespace Gateway.Proxy.Admin.Auth;

/// <summary>
/// The admin key behind a request: global (a config key with <c>"Admin": true</c>) or scoped to the scopes of its
/// admin bindings. Set by authentication as a request feature.
/// </summary>
public sealed class AdminCaller
{
    private AdminCaller(string actor, bool isGlobal, IReadOnlyList<ScopeChain> scopes)
    {
        Actor = actor;
        IsGlobal = isGlobal;
        Scopes = scopes;
    }

    /// <summary>Who, for the audit log: <c>config:ID</c> for a config-file key, <c>key:UUID</c> for a database key.</summary>
    public string Actor { get; }

    /// <summary>May manage everything, including what belongs to no tenant (global providers and aliases, the price book).</summary>
    public bool IsGlobal { get; }

    /// <summary>The scopes this key administers; empty for a global caller, who needs none.</summary>
    public IReadOnlyList<ScopeChain> Scopes { get; }

    public static AdminCaller Global(string configKeyId) => new("config:" + configKeyId, true, []);

    public static AdminCaller Scoped(Guid keyId, IReadOnlyList<ScopeChain> scopes) => new("key:" + keyId.ToString("D"), false, scopes);

    /// <summary>True when <paramref name="target"/> is one of this key's scopes or lies below one.</summary>
    public bool Covers(in ScopeChain target)
    {
        if (IsGlobal)
        {
            return true;
        }
        foreach (var scope in Scopes)
        {
            if (scope.Contains(target))
            {
                return true;
            }
        }
        return false;
    }
}
