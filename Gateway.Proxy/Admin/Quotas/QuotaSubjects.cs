using Gateway.Policies.Quotas;

namespace Gateway.Proxy.Admin.Quotas;

/// <summary>
/// Who may see and set a quota, by its subject. The subject must exist (quotas have no foreign key: the subject
/// is one of four tables). A key's quotas belong to whoever manages the key. An organization's, team's or
/// environment's quotas are read by its admins but set from above (by an admin of the parent scope), so no admin
/// can lift its own limit. A subject outside the caller's scopes is answered as one that does not exist.
/// </summary>
internal sealed class QuotaSubjects(AdminAccess access, ScopeResolver scopes)
{
    /// <param name="unseenAs">What to name in the refusal when the caller cannot see the subject; null names the subject itself.</param>
    public async Task RequireAsync(
        AdminCaller caller, QuotaSubjectKind kind, Guid subjectId, bool write, string? param, (string Entity, string Id)? unseenAs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (entity, id) = unseenAs ?? (EntityOf(kind), subjectId.ToString());
        if (kind == QuotaSubjectKind.Key)
        {
            try
            {
                await access.RequireKeyAsync(caller, subjectId, param, cancellationToken).ConfigureAwait(false);
            }
            catch (AdminProblemException) when (unseenAs is not null)
            {
                throw AdminAccess.Unseen(caller, entity, id);
            }
            return;
        }
        var scope = kind switch
        {
            QuotaSubjectKind.Organization => Scope.ForOrganization(subjectId),
            QuotaSubjectKind.Team => Scope.ForTeam(subjectId),
            _ => Scope.ForEnvironment(subjectId),
        };
        var chain = await scopes.ResolveAsync(scope, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, entity, id, param);
        if (!caller.Covers(chain))
        {
            throw AdminAccess.Unseen(caller, entity, id, param);
        }
        AdminAccess.Require(caller, chain, entity, id, fromAbove: write);
    }

    private static string EntityOf(QuotaSubjectKind kind) => kind switch
    {
        QuotaSubjectKind.Organization => "organization",
        QuotaSubjectKind.Team => "team",
        QuotaSubjectKind.Environment => "environment",
        _ => "api_key",
    };
}
