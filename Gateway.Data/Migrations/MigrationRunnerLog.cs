using Gateway.Policies.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Data.Migrations;

internal static partial class MigrationRunnerLog
{
    [LoggerMessage(EventId = GatewayEventIds.MigrationApplying, Level = LogLevel.Information, Message = "Applying migration {FileName}")]
    public static partial void Applying(ILogger logger, string fileName);

    [LoggerMessage(EventId = GatewayEventIds.MigrationsDone, Level = LogLevel.Information, Message = "Migrations done: {Applied} applied, {AlreadyApplied} already in place, {ElapsedMs} ms")]
    public static partial void Done(ILogger logger, int applied, int alreadyApplied, long elapsedMs);

    [LoggerMessage(EventId = GatewayEventIds.MigrationUnknown, Level = LogLevel.Warning, Message = "The database has migration {Version} ({Name}), which this build does not know; a newer replica applied it")]
    public static partial void UnknownApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = GatewayEventIds.MigrationLockReleaseFailed, Level = LogLevel.Warning, Message = "Releasing the migration lock failed; the server releases it when the session ends")]
    public static partial void UnlockFailed(ILogger logger, Exception exception);
}
