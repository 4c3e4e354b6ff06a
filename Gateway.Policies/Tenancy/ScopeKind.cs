namespace Gateway.Policies.Tenancy;

/// <summary>
/// The level something applies at, from the widest to the narrowest: a narrower kind compares greater, and wins where
/// several apply (an environment's alias over its team's, a key's environment binding over its team binding).
/// </summary>
public enum ScopeKind
{
    Global,
    Organization,
    Team,
    Environment,
}
