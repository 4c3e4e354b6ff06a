namespace Gateway.Policies.Quotas;

/// <summary>
/// The thing a limit is attached to. <see cref="Id"/> is a key's id (a config id such as <c>dev</c>, or a database
/// key's UUID) or an environment, team or organization UUID, in the <c>D</c> format.
/// </summary>
public readonly record struct QuotaSubject(QuotaScopeKind Kind, string Id)
{
    public static QuotaSubject Key(string id) => new(QuotaScopeKind.Key, id);

    public static QuotaSubject Environment(Guid id) => new(QuotaScopeKind.Environment, id.ToString());

    public static QuotaSubject Team(Guid id) => new(QuotaScopeKind.Team, id.ToString());

    public static QuotaSubject Organization(Guid id) => new(QuotaScopeKind.Organization, id.ToString());
}
