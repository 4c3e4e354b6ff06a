using Gateway.Policies.Diagnostics;
namespace Gateway.Proxy.Admin.Audit;

/// <summary>The admin API's log lines. Arguments are ids and words, never a credential, key secret or request body.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = GatewayEventIds.AdminChange, Level = LogLevel.Information, Message = "Admin {Actor}: {Action} {Entity} {EntityId}")]
    public static partial void Write(ILogger logger, string actor, string action, string entity, string? entityId);

    [LoggerMessage(EventId = GatewayEventIds.AdminAuditFailed, Level = LogLevel.Error, Message = "Admin {Actor}: {Action} {Entity} {EntityId} was not applied: its audit entry could not be written")]
    public static partial void AuditFailed(ILogger logger, Exception exception, string actor, string action, string entity, string? entityId);

    [LoggerMessage(EventId = GatewayEventIds.AdminDenied, Level = LogLevel.Warning, Message = "Admin {Actor} from {ClientIp}: refused {Request} ({Code})")]
    public static partial void Denied(ILogger logger, string actor, string? clientIp, string request, string? code);

    [LoggerMessage(EventId = GatewayEventIds.AdminDeniedAuditFailed, Level = LogLevel.Error, Message = "Admin {Actor}: the audit entry of the refused {Request} could not be written")]
    public static partial void DeniedAuditFailed(ILogger logger, Exception exception, string actor, string request);

    [LoggerMessage(EventId = GatewayEventIds.AdminDatabaseRefused, Level = LogLevel.Warning, Message = "Admin request refused by the database with SQLSTATE {SqlState}")]
    public static partial void ValueRefused(ILogger logger, string sqlState);

    [LoggerMessage(EventId = GatewayEventIds.AdminDatabaseUnavailable, Level = LogLevel.Warning, Message = "Admin request failed: the database is unavailable ({Failure})")]
    public static partial void DatabaseFailed(ILogger logger, string failure);
}
