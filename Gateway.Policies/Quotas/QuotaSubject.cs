namespace Gateway.Policies.Quotas;

/// <summary>
/// The thing a limit is attached to. <see cref="Id"/> is a key's id (a config id such as <c>dev</c>, or a database
/// key's UUID) or an environment, team or organization UUID, in the <c>D</c> format.
/// </summary>
public readonly record struct QuotaSubject(QuotaSubjectKind Kind, string Id)
{
    public static QuotaSubject Key(string id) => new(QuotaSubjectKind.Key, id);

    public static QuotaSubject Environment(Guid id) => new(QuotaSubjectKind.Environment, id.ToString());

    public static QuotaSubject Team(Guid id) => new(QuotaSubjectKind.Team, id.ToString());

    public static QuotaSubject Organization(Guid id) => new(QuotaSubjectKind.Organization, id.ToString());
}
