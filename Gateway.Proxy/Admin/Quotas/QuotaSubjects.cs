using Gateway.Data.Records;
using Gateway.Data.Repositories;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Http;

namespace Gateway.Proxy.Admin.Quotas;

/// <summary>
/// Who may see and set a quota, by its subject. The subject must exist (quotas have no foreign key: the subject
/// is one of four tables). A key's quotas belong to whoever manages the key. An organization's, team's or
/// environment's quotas are read by its admins but set from above (by an admin of the parent scope), so no admin
/// can lift its own limit.
/// </summary>
internal sealed class QuotaSubjects
{
    private readonly AdminAccess _access;
    private readonly ScopeResolver _scopes;

    public QuotaSubjects(AdminAccess access, ScopeResolver scopes)
    {
        _access = access;
        _scopes = scopes;
    }

    public async Task RequireAsync(AdminCaller caller, QuotaSubjectKind kind, Guid subjectId, bool write, string? param, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (kind == QuotaSubjectKind.Key)
        {
            await _access.RequireKeyAsync(caller, subjectId, param, cancellationToken).ConfigureAwait(false);
            return;
        }
        var scope = kind switch
        {
            QuotaSubjectKind.Org => Scope.ForOrg(subjectId),
            QuotaSubjectKind.Team => Scope.ForTeam(subjectId),
            _ => Scope.ForEnvironment(subjectId),
        };
        var chain = await _scopes.ResolveAsync(scope, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(QuotaValidator.Word(kind) == "org" ? "organization" : QuotaValidator.Word(kind), subjectId.ToString(), param));
        AdminAccess.Require(caller, chain, fromAbove: write);
    }
}
