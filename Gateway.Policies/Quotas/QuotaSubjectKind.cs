namespace Gateway.Policies.Quotas;

/// <summary>What a limit is attached to: one key, or everything in an environment, team or organization.</summary>
public enum QuotaSubjectKind
{
    Key,
    Environment,
    Team,
    Organization,
}
