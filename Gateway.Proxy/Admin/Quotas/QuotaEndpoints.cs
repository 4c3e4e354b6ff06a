using Gateway.Data.Quotas;
using Gateway.Policies.Quotas;
using Gateway.Policies.Vocabulary;
using Gateway.Proxy.Admin.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Proxy.Admin.Quotas;

/// <summary><c>/admin/v1/quotas</c>: limits per key, environment, team or organization; see <see cref="QuotaSubjects"/> for who may set them.</summary>
internal sealed class QuotaEndpoints(
    QuotaRepository quotas, QuotaSubjects subjects, AdminRequestReader reader, AdminPaging paging, AdminWrites writes) : IAdminEndpoints
{
    private const string Entity = "quota";

    private static readonly AdminResource<QuotaResponse> Resource = new(Entity, "quotas", quota => quota.Id.ToString());

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/quotas").WithTags("Quotas");
        var routes = new AdminCrudRoutes<Guid, QuotaResponse>(Resource, "/{id:guid}", FindAsync, writes);
        routes.MapCreate(group, ReadNewAsync, quotas.CreateAsync, QuotaResponse.From).AcceptsJson<QuotaRequest>();
        group.MapGet("", ListAsync).Returns<AdminList<QuotaResponse>>();
        routes.MapGet(group);
        routes.MapReplace(group, (context, _) => ReadLimitAsync(context), quotas.SetLimitAsync, QuotaResponse.From).AcceptsJson<QuotaUpdateRequest>();
        routes.MapDelete(group, quotas.DeleteAsync);
    }

    private async Task<IResult> ListAsync(
        HttpContext context, [FromQuery(Name = "subject_kind")] string? subjectKind, [FromQuery(Name = "subject_id")] string? subjectId,
        [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        var caller = context.AdminCaller();
        QuotaSubjectKind? kind = subjectKind is null ? null : Fields.OneOf(subjectKind, "subject_kind", Words.QuotaSubjects.ByWord);
        Guid? subject = null;
        if (subjectId is not null)
        {
            subject = Guid.TryParse(subjectId, out var parsed) ? parsed : throw Fields.Invalid("subject_id", "subject_id must be a UUID.");
        }
        if (kind is { } k && subject is { } s)
        {
            await subjects.RequireAsync(caller, k, s, write: false, "subject_id", null, cancellationToken).ConfigureAwait(false);
        }
        else if (!caller.IsGlobal)
        {
            throw new AdminProblemException(AdminErrors.Invalid(kind is null ? "subject_kind" : "subject_id",
                "A key that administers only part of the gateway must name the subject: ?subject_kind=...&subject_id=...", "subject_required"));
        }
        return TypedResults.Ok(await paging.ListAsync(query, p => quotas.ListAsync(kind, subject, p, cancellationToken), QuotaResponse.From).ConfigureAwait(false));
    }

    private async Task<QuotaSpec> ReadNewAsync(HttpContext context, AdminCaller caller)
    {
        var spec = QuotaValidator.Validate(await reader.ReadAsync<QuotaRequest>(context).ConfigureAwait(false));
        await subjects.RequireAsync(caller, spec.SubjectKind, spec.SubjectId, write: true, "subject_id", null, context.RequestAborted).ConfigureAwait(false);
        return spec;
    }

    private async Task<decimal> ReadLimitAsync(HttpContext context) =>
        QuotaValidator.Limit((await reader.ReadAsync<QuotaUpdateRequest>(context).ConfigureAwait(false)).Limit);

    /// <summary>Read by the admins of its subject, changed and deleted by those who may set it.</summary>
    private async Task<QuotaResponse> FindAsync(AdminCaller caller, Guid id, AdminItemUse use, CancellationToken cancellationToken)
    {
        var quota = await quotas.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        // Out of sight, the quota is named by its own id: naming its subject would tell whose it is.
        await subjects.RequireAsync(caller, quota.SubjectKind, quota.SubjectId, write: use != AdminItemUse.Read, null, (Entity, id.ToString()), cancellationToken).ConfigureAwait(false);
        return QuotaResponse.From(quota);
    }
}
