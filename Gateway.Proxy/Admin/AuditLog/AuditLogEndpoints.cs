using Gateway.Data.Audit;
using Gateway.Proxy.Admin.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Proxy.Admin.AuditLog;

/// <summary>
/// <c>GET /admin/v1/audit-log</c>: the audit log, newest first, filtered by entity, entity id and time
/// (<c>since</c> inclusive, <c>until</c> exclusive). Read-only, and global-only: entries carry no tenant to scope them by.
/// </summary>
internal sealed class AuditLogEndpoints(AuditLogRepository log, AdminPaging paging) : IAdminEndpoints
{
    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/audit-log", ListAsync).WithTags("Audit log").Returns<AdminList<AuditEntryResponse>>();
    }

    private async Task<IResult> ListAsync(
        HttpContext context,
        [FromQuery(Name = "entity")] string? entity,
        [FromQuery(Name = "entity_id")] string? entityId,
        [FromQuery(Name = "since")] string? since,
        [FromQuery(Name = "until")] string? until,
        [AsParameters] PageQuery query,
        CancellationToken cancellationToken)
    {
        AdminAccess.RequireGlobal(context.AdminCaller());
        var from = Moment(since, "since");
        var to = Moment(until, "until");
        Fields.Text(entity, "entity", 64);
        Fields.Text(entityId, "entity_id", 200);
        return TypedResults.Ok(await paging.ListAsync(query, p => log.ListAsync(entity, entityId, from, to, p, cancellationToken), AuditEntryResponse.From).ConfigureAwait(false));
    }

    private static DateTimeOffset? Moment(string? text, string param) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) ? moment
        : throw Fields.Invalid(param, $"{param} must be an ISO 8601 date and time, such as 2025-01-31T12:00:00Z.");
}
