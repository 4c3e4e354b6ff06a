namespace Gateway.Data.Records;

/// <summary>The level an alias, policy, provider or key binding applies at; narrower scopes win at resolution.</summary>
public enum ScopeKind
{
    Global,
    Org,
    Team,
    Environment,
}
