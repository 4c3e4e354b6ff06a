using Gateway.Data.Records;
using Gateway.Data.Repositories;
using Gateway.Proxy.Admin.Audit;
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

    private readonly QuotaRepository _quotas;
    private readonly QuotaSubjects _subjects;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminAuditor _audit;

    public QuotaEndpoints(QuotaRepository quotas, QuotaSubjects subjects, AdminRequestReader reader, AdminPaging paging, AdminAuditor audit)
    {
        _quotas = quotas;
        _subjects = subjects;
        _reader = reader;
        _paging = paging;
        _audit = audit;
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
        await _subjects.RequireAsync(caller, spec.SubjectKind, spec.SubjectId, write: true, "subject_id", context.RequestAborted).ConfigureAwait(false);
        // Writes ignore the client's cancellation: a write that lands must be followed by its audit entry.
        var created = QuotaResponse.From(await _quotas.CreateAsync(spec, CancellationToken.None).ConfigureAwait(false));
        await _audit.RecordAsync(caller, AuditActions.Create, Entity, created.Id.ToString(), null, created).ConfigureAwait(false);
        return TypedResults.Created($"{AdminRoutes.Prefix}/quotas/{created.Id}", created);
    }

    private async Task<IResult> ListAsync(
        HttpContext context, [FromQuery(Name = "subject_kind")] string? subjectKind, [FromQuery(Name = "subject_id")] string? subjectId,
        [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        var caller = context.AdminCaller();
        QuotaSubjectKind? kind = subjectKind is null ? null : Fields.OneOf(subjectKind, "subject_kind", QuotaValidator.SubjectKinds);
        Guid? subject = null;
        if (subjectId is not null)
        {
            subject = Guid.TryParse(subjectId, out var parsed) ? parsed : throw Fields.Invalid("subject_id", "subject_id must be a UUID.");
        }
        if (kind is { } k && subject is { } s)
        {
            await _subjects.RequireAsync(caller, k, s, write: false, "subject_id", cancellationToken).ConfigureAwait(false);
        }
        else if (!caller.IsGlobal)
        {
            throw new AdminProblemException(AdminErrors.Invalid(kind is null ? "subject_kind" : "subject_id",
                "A key that administers only part of the gateway must name the subject: ?subject_kind=...&subject_id=...", "subject_required"));
        }
        var page = _paging.Parse(query);
        return TypedResults.Ok(await AdminPaging.ListAsync(page, p => _quotas.ListAsync(kind, subject, p, cancellationToken), QuotaResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(context.AdminCaller(), id, write: false, cancellationToken).ConfigureAwait(false));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, write: true, context.RequestAborted).ConfigureAwait(false);
        var limit = QuotaValidator.Limit((await _reader.ReadAsync<QuotaUpdateRequest>(context).ConfigureAwait(false)).Limit);
        var after = QuotaResponse.From(await _quotas.SetLimitAsync(id, limit, CancellationToken.None).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString())));
        await _audit.RecordAsync(caller, AuditActions.Update, Entity, id.ToString(), before, after).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, write: true, context.RequestAborted).ConfigureAwait(false);
        if (!await _quotas.DeleteAsync(id, CancellationToken.None).ConfigureAwait(false))
        {
            throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        }
        await _audit.RecordAsync(caller, AuditActions.Delete, Entity, id.ToString(), before, null).ConfigureAwait(false);
        return TypedResults.Ok(DeletedResponse.Of(Entity, id.ToString()));
    }

    private async Task<QuotaResponse> FindAsync(AdminCaller caller, Guid id, bool write, CancellationToken cancellationToken)
    {
        var quota = await _quotas.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id.ToString()));
        await _subjects.RequireAsync(caller, quota.SubjectKind, quota.SubjectId, write, null, cancellationToken).ConfigureAwait(false);
        return QuotaResponse.From(quota);
    }
}
