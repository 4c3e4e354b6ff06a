using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Logging;

/// <summary>
/// The gateway's log lines, source-generated, with stable event ids; a concern with a family of its own keeps it beside
/// its code (<c>HealthLog</c>, <c>ShutdownLog</c>, …). No secrets are ever arguments.
/// </summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = GatewayEventIds.ConfigWarning, Level = LogLevel.Warning, Message = "Config: {Warning}")]
    public static partial void ConfigWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = GatewayEventIds.ConfigRejected, Level = LogLevel.Error, Message = "Config change rejected, keeping the last good config: {Error}")]
    public static partial void ConfigRejected(ILogger logger, string error);

    [LoggerMessage(EventId = GatewayEventIds.CatalogPublished, Level = LogLevel.Information, Message = "Catalog revision {Revision} published: {Providers} providers, {Models} models, {Keys} keys")]
    public static partial void CatalogPublished(ILogger logger, long revision, int providers, int models, int keys);

    [LoggerMessage(EventId = GatewayEventIds.AttemptFailed, Level = LogLevel.Warning, Message = "Attempt {Attempt} at provider {Provider} (model {Model}) failed: {Status} {Code}")]
    public static partial void AttemptFailed(ILogger logger, int attempt, string provider, string model, int status, string? code);

    [LoggerMessage(EventId = GatewayEventIds.CandidateSkipped, Level = LogLevel.Information, Message = "Skipping provider {Provider} for model {Model}: {Reason}")]
    public static partial void CandidateSkipped(ILogger logger, string provider, string model, string reason);

    [LoggerMessage(EventId = GatewayEventIds.StreamFailed, Level = LogLevel.Warning, Message = "Provider {Provider} stream ended early ({Failure}) for response {ResponseId}")]
    public static partial void StreamFailed(ILogger logger, string provider, string failure, string responseId);

    [LoggerMessage(EventId = GatewayEventIds.DestinationTakenOut, Level = LogLevel.Warning, Message = "Provider {Provider} destination {Destination} taken out for {Seconds}s after {Reason}")]
    public static partial void DestinationTakenOut(ILogger logger, string provider, string destination, double seconds, string reason);

    [LoggerMessage(EventId = GatewayEventIds.UpstreamMalformed, Level = LogLevel.Warning, Message = "Provider {Provider} sent an answer that does not follow its format: {Problem}")]
    public static partial void UpstreamMalformed(ILogger logger, string provider, string problem);

    [LoggerMessage(EventId = GatewayEventIds.UsageRecorded, Level = LogLevel.Information, Message = "Usage {ResponseId}: key {KeyId} model {Model} via {Provider}/{ServedModel} status {Status} tokens {PromptTokens}+{CompletionTokens} in {DurationMs} ms")]
    public static partial void UsageRecorded(ILogger logger, string responseId, string? keyId, string model, string? provider, string? servedModel, int status, int promptTokens, int completionTokens, double durationMs);

    [LoggerMessage(EventId = GatewayEventIds.AccessLinesDropped, Level = LogLevel.Warning, Message = "{Dropped} access lines dropped: more than {MaxQueuedBytes} bytes were waiting to be written (Gateway:Logging:AccessLog)")]
    public static partial void AccessLinesDropped(ILogger logger, long dropped, int maxQueuedBytes);

    [LoggerMessage(EventId = GatewayEventIds.DatabaseUnavailable, Level = LogLevel.Warning, Message = "Database unavailable, serving the last good catalog: {Reason}")]
    public static partial void DatabaseUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = GatewayEventIds.QuotaRejected, Level = LogLevel.Debug, Message = "Quota refused a request: {SubjectKind} {SubjectId}, {Metric} per {Period}, limit {Limit}, requested {Requested} ({Outcome})")]
    public static partial void QuotaRejected(ILogger logger, Gateway.Policies.Quotas.QuotaSubjectKind subjectKind, string subjectId, Gateway.Policies.Quotas.QuotaMeasure metric,
        Gateway.Policies.Quotas.QuotaPeriod period, decimal limit, decimal requested, Gateway.Proxy.Quotas.QuotaReserveOutcome outcome);

    [LoggerMessage(EventId = GatewayEventIds.QuotaSourceUnreachable, Level = LogLevel.Warning, Message = "Quota counter {Counter} cannot lease from the database, falling back to {Behavior}: {Reason}")]
    public static partial void QuotaSourceUnreachable(ILogger logger, string counter, Gateway.Proxy.Quotas.QuotaDatabaseDownBehavior behavior, string reason);

    [LoggerMessage(EventId = GatewayEventIds.QuotaSourceRecovered, Level = LogLevel.Information, Message = "Quota counter {Counter} leases from the database again")]
    public static partial void QuotaSourceRecovered(ILogger logger, string counter);

    [LoggerMessage(EventId = GatewayEventIds.QuotaMaintenance, Level = LogLevel.Debug, Message = "Quota maintenance: {Counters} ended windows dropped from memory, {Rows} counter rows deleted")]
    public static partial void QuotaMaintenance(ILogger logger, int counters, int rows);

    [LoggerMessage(EventId = GatewayEventIds.QuotaMaintenanceFailed, Level = LogLevel.Warning, Message = "Quota maintenance could not delete ended counter rows: {Reason}")]
    public static partial void QuotaMaintenanceFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = GatewayEventIds.QuotaReleaseFailed, Level = LogLevel.Warning, Message = "Unused quota slices could not be given back at shutdown (they lapse with their windows): {Reason}")]
    public static partial void QuotaReleaseFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = GatewayEventIds.UsageWriterStarted, Level = LogLevel.Information, Message = "Usage writer started: batches of {BatchSize}, spool in {SpoolDirectory} ({SpooledRecords} records waiting)")]
    public static partial void UsageWriterStarted(ILogger logger, int batchSize, string spoolDirectory, long spooledRecords);

    [LoggerMessage(EventId = GatewayEventIds.UsageBatchSpooled, Level = LogLevel.Warning, Message = "Usage batch of {Records} records not written, spooled to disk: {Reason}")]
    public static partial void UsageBatchSpooled(ILogger logger, int records, string reason);

    [LoggerMessage(EventId = GatewayEventIds.UsageSpoolReplayed, Level = LogLevel.Information, Message = "Usage spool segment {Segment} replayed: {Records} records, {Inserted} new, {Torn} torn lines skipped")]
    public static partial void UsageSpoolReplayed(ILogger logger, string segment, int records, int inserted, int torn);

    [LoggerMessage(EventId = GatewayEventIds.UsageQueueFull, Level = LogLevel.Warning, Message = "Usage queue full: record {ResponseId} (and, until it drains, every thousandth after it) written to the spool on the request's thread")]
    public static partial void UsageQueueFull(ILogger logger, string responseId);

    [LoggerMessage(EventId = GatewayEventIds.UsageRecordLost, Level = LogLevel.Error, Message = "Usage record {ResponseId} could not be spooled either and is lost: {Reason}")]
    public static partial void UsageRecordLost(ILogger logger, string responseId, string reason);

    [LoggerMessage(EventId = GatewayEventIds.UsagePartitionsFailed, Level = LogLevel.Warning, Message = "Usage partitions not ensured (retried later): {Reason}")]
    public static partial void UsagePartitionsFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = GatewayEventIds.UsageWriterStopped, Level = LogLevel.Information, Message = "Usage writer stopped: {Drained} queued records drained ({Spooled} to the spool)")]
    public static partial void UsageWriterStopped(ILogger logger, int drained, int spooled);

    [LoggerMessage(EventId = GatewayEventIds.UsageReplayFailed, Level = LogLevel.Error, Message = "Usage spool replay failed on segment {Segment}, retrying later: {Reason}")]
    public static partial void UsageReplayFailed(ILogger logger, string segment, string reason);

    [LoggerMessage(EventId = GatewayEventIds.UsageRecordRejected, Level = LogLevel.Error, Message = "Usage record {ResponseId} refused by the database ({SqlState}); set aside in {RejectedFile}")]
    public static partial void UsageRecordRejected(ILogger logger, string responseId, string sqlState, string rejectedFile);

    [LoggerMessage(EventId = GatewayEventIds.UsageRowsUnreadable, Level = LogLevel.Error, Message = "{Records} usage records of a batch to be spooled did not read back from its COPY text and are lost")]
    public static partial void UsageRowsUnreadable(ILogger logger, int records);

    [LoggerMessage(EventId = GatewayEventIds.RecordingFailed, Level = LogLevel.Error, Message = "Recording request {ResponseId} (usage, metrics) failed; the answer was not affected")]
    public static partial void RecordingFailed(ILogger logger, Exception exception, string responseId);

    [LoggerMessage(EventId = GatewayEventIds.UnhandledException, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = GatewayEventIds.CompletionThroughChat, Level = LogLevel.Debug, Message = "Legacy completion sent to provider {Provider} (model {Model}) as one chat message: it has no completions API for this model")]
    public static partial void CompletionThroughChat(ILogger logger, string provider, string model);

    // The client's address and counts, never its key.
    [LoggerMessage(EventId = GatewayEventIds.AuthFailuresThrottled, Level = LogLevel.Warning, Message = "Client {Address} made {Failures} failed authentications within {WindowSeconds} s; its requests are refused for the rest of the window")]
    public static partial void AuthFailuresThrottled(ILogger logger, string address, int failures, double windowSeconds);

    [LoggerMessage(EventId = GatewayEventIds.ProviderEgressRefused, Level = LogLevel.Warning, Message = "Refused to connect to {Host} for {ClusterId}: {Reason} (a tenant's provider reaches only public addresses or those in Gateway:ProviderEgress)")]
    public static partial void ProviderEgressRefused(ILogger logger, string clusterId, string host, string reason);

    [LoggerMessage(EventId = GatewayEventIds.ResponseStoreFailed, Level = LogLevel.Warning, Message = "Could not keep response {ResponseId}: GET and previous_response_id will not find it")]
    public static partial void ResponseStoreFailed(ILogger logger, Exception exception, string responseId);

    [LoggerMessage(EventId = GatewayEventIds.ResponseStoreReadFailed, Level = LogLevel.Warning, Message = "Could not read the response store")]
    public static partial void ResponseStoreReadFailed(ILogger logger, Exception exception);
}
