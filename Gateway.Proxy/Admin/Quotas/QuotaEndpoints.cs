using Gateway.Data.Quotas;
using Gateway.Policies.Quotas;
using Gateway.Policies.Vocabulary;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Admin.Http;
using Gateway.Proxy.Admin.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Proxy.Admin.Quotas;

/// <summary><c>/admin/v1/quotas</c>: limits per key, environment, team or organization; see <see cref="QuotaSubjects"/> for who may set them.</summary>
internal sealed class QuotaEndpoints
{
    private const string Entity = "quota";

    private static readonly AdminResource<QuotaResponse> Resource =
        new(Entity, quota => quota.Id.ToString(), quota => $"{AdminRoutes.Prefix}/quotas/{quota.Id}");

    private readonly QuotaRepository _quotas;
    private readonly QuotaSubjects _subjects;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminWrites _writes;

    public QuotaEndpoints(QuotaRepository quotas, QuotaSubjects subjects, AdminRequestReader reader, AdminPaging paging, AdminWrites writes)
    {
        _quotas = quotas;
        _subjects = subjects;
        _reader = reader;
        _paging = paging;
        _writes = writes;
    }

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/quotas").WithTags("Quotas");
        group.MapPost("", (Delegate)CreateAsync).AcceptsJson<QuotaRequest>().Returns<QuotaResponse>(StatusCodes.Status201Created);
        group.MapGet("", ListAsync).Returns<AdminList<QuotaResponse>>();
        group.MapGet("/{id:guid}", GetAsync).Returns<QuotaResponse>();
        group.MapPut("/{id:guid}", UpdateAsync).AcceptsJson<QuotaUpdateRequest>().Returns<QuotaResponse>();
        group.MapDelete("/{id:guid}", DeleteAsync).Returns<DeletedResponse>();
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        var caller = context.AdminCaller();
        var spec = QuotaValidator.Validate(await _reader.ReadAsync<QuotaRequest>(context).ConfigureAwait(false));
        await _subjects.RequireAsync(caller, spec.SubjectKind, spec.SubjectId, write: true, "subject_id", null, context.RequestAborted).ConfigureAwait(false);
        return await _writes.CreateAsync(caller, Resource, ct => _quotas.CreateAsync(spec, ct), QuotaResponse.From).ConfigureAwait(false);
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
            await _subjects.RequireAsync(caller, k, s, write: false, "subject_id", null, cancellationToken).ConfigureAwait(false);
        }
        else if (!caller.IsGlobal)
        {
            throw new AdminProblemException(AdminErrors.Invalid(kind is null ? "subject_kind" : "subject_id",
                "A key that administers only part of the gateway must name the subject: ?subject_kind=...&subject_id=...", "subject_required"));
        }
        return TypedResults.Ok(await _paging.ListAsync(query, p => _quotas.ListAsync(kind, subject, p, cancellationToken), QuotaResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(context.AdminCaller(), id, write: false, cancellationToken).ConfigureAwait(false));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, write: true, context.RequestAborted).ConfigureAwait(false);
        var limit = QuotaValidator.Limit((await _reader.ReadAsync<QuotaUpdateRequest>(context).ConfigureAwait(false)).Limit);
        return await _writes.UpdateAsync(caller, Resource, before, ct => _quotas.SetLimitAsync(id, limit, ct), QuotaResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, write: true, context.RequestAborted).ConfigureAwait(false);
        return await _writes.DeleteAsync(caller, Resource, before, ct => _quotas.DeleteAsync(id, ct)).ConfigureAwait(false);
    }

    private async Task<QuotaResponse> FindAsync(AdminCaller caller, Guid id, bool write, CancellationToken cancellationToken)
    {
        var quota = await _quotas.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        // Out of sight, the quota is named by its own id: naming its subject would tell whose it is.
        await _subjects.RequireAsync(caller, quota.SubjectKind, quota.SubjectId, write, null, (Entity, id.ToString()), cancellationToken).ConfigureAwait(false);
        return QuotaResponse.From(quota);
    }
}
