using Gateway.Data.Audit;
using Gateway.Data.Sql;
using Microsoft.AspNetCore.Http.Json;

namespace Gateway.Proxy.Admin.Audit;

/// <summary>
/// Appends one audit entry per admin write, and one per refused (403) attempt. The before and after images are the
/// API's response objects, which have no field for a credential or key secret, so no secret can reach the log by
/// construction. A write's entry is appended inside the write's transaction (<see cref="DatabaseTransactions"/>), so
/// a change is never stored without its entry; each entry carries the caller's address.
/// </summary>
internal sealed class AdminAuditor
{
    /// <summary>The audit log's entity for refused attempts: they are about a request, not a stored entity.</summary>
    public const string RequestEntity = "admin_request";

    private const int MaxEntityIdLength = 200;

    private readonly AuditLogRepository _log;
    private readonly JsonSerializerOptions _json;
    private readonly ILogger<AdminAuditor> _logger;

    public AdminAuditor(AuditLogRepository log, IOptions<JsonOptions> json, ILogger<AdminAuditor> logger)
    {
        ArgumentNullException.ThrowIfNull(json);
        _log = log;
        _json = json.Value.SerializerOptions;
        _logger = logger;
    }

    /// <summary>Appends the entry of a write; call it inside the write's transaction, whose rollback it causes when it fails.</summary>
    public async Task RecordAsync(AdminCaller caller, string action, string entity, string? entityId, object? before, object? after)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entry = new AuditEntrySpec(caller.Actor, action, entity, entityId, Image(before), Image(after), caller.ClientIp);
        try
        {
            // Not tied to the request: the write it records goes ahead even if the client left.
            await _log.AppendAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            AdminLog.AuditFailed(_logger, ex, caller.Actor, action, entity, entityId);
            throw;
        }
        AdminLog.Write(_logger, caller.Actor, action, entity, entityId);
    }

    /// <summary>
    /// Records an admin request refused with 403: who, from where, what it asked (method and path) and the refusal.
    /// Best effort: the refusal is answered whether or not its entry could be written.
    /// </summary>
    public async Task RecordDeniedAsync(HttpContext context, string actor, string? clientIp, GatewayError refusal)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(refusal);
        var request = $"{context.Request.Method} {context.Request.Path}";
        var entityId = Printable(request.Length > MaxEntityIdLength ? request[..MaxEntityIdLength] : request);
        AdminLog.Denied(_logger, actor, clientIp, entityId, refusal.Code);
        var after = new DeniedImage(context.Request.Method, Printable(context.Request.Path.ToString()), refusal.StatusCode, refusal.Code, refusal.Message);
        try
        {
            await _log.AppendAsync(new AuditEntrySpec(actor, AuditActions.Deny, RequestEntity, entityId, null, Image(after), clientIp), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AdminLog.DeniedAuditFailed(_logger, ex, actor, entityId);
        }
    }

    private JsonElement? Image(object? value) => value is null ? null : JsonSerializer.SerializeToElement(value, value.GetType(), _json);

    /// <summary>A path may carry anything a client typed; the log keeps it readable and storable (no control characters).</summary>
    private static string Printable(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = char.IsControl(source[i]) || char.IsSurrogate(source[i]) ? '?' : source[i];
        }
    });

    private sealed record DeniedImage(string Method, string Path, int Status, string? Code, string Message);
}
