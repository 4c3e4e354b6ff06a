using System.Text.Json;
using Gateway.Data.Records;
using Gateway.Data.Repositories;
using Gateway.Proxy.Admin.Auth;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Gateway.Proxy.Admin.Audit;

/// <summary>
/// Appends one audit entry per admin write. The before and after images are the API's response objects, which
/// have no field for a credential or key secret, so no secret can reach the log by construction.
/// </summary>
internal sealed class AdminAuditor
{
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

    public async Task RecordAsync(AdminCaller caller, string action, string entity, string? entityId, object? before, object? after)
    {
        ArgumentNullException.ThrowIfNull(caller);
        AdminLog.Write(_logger, caller.Actor, action, entity, entityId);
        var entry = new AuditEntrySpec(caller.Actor, action, entity, entityId, Image(before), Image(after));
        try
        {
            // Not tied to the request: the write it records has happened, so its entry must follow even if the client left.
            await _log.AppendAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            AdminLog.AuditFailed(_logger, ex, caller.Actor, action, entity, entityId);
            throw;
        }
    }

    private JsonElement? Image(object? value) => value is null ? null : JsonSerializer.SerializeToElement(value, value.GetType(), _json);
}
