namespace Gateway.Proxy.Logging;

/// <summary>Every log line the gateway writes, source-generated, with stable event ids. No secrets are ever arguments.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Config: {Warning}")]
    public static partial void ConfigWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Config change rejected, keeping the last good config: {Error}")]
    public static partial void ConfigRejected(ILogger logger, string error);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Catalog revision {Revision} published: {Providers} providers, {Models} models, {Keys} keys")]
    public static partial void CatalogPublished(ILogger logger, long revision, int providers, int models, int keys);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Attempt {Attempt} at provider {Provider} (model {Model}) failed: {Status} {Code}")]
    public static partial void AttemptFailed(ILogger logger, int attempt, string provider, string model, int status, string? code);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Skipping provider {Provider} for model {Model}: {Reason}")]
    public static partial void CandidateSkipped(ILogger logger, string provider, string model, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Provider {Provider} stream ended early ({Failure}) for response {ResponseId}")]
    public static partial void StreamFailed(ILogger logger, string provider, string failure, string responseId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Provider {Provider} destination {Destination} taken out for {Seconds}s after {Reason}")]
    public static partial void DestinationTakenOut(ILogger logger, string provider, string destination, double seconds, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Provider {Provider} sent an answer that does not follow its format: {Problem}")]
    public static partial void UpstreamMalformed(ILogger logger, string provider, string problem);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Usage {ResponseId}: key {KeyId} model {Model} via {Provider}/{ServedModel} status {Status} tokens {PromptTokens}+{CompletionTokens} in {DurationMs} ms")]
    public static partial void UsageRecorded(ILogger logger, string responseId, string? keyId, string model, string? provider, string? servedModel, int status, int promptTokens, int completionTokens, double durationMs);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Database unavailable, serving the last good catalog: {Reason}")]
    public static partial void DatabaseUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Quota refused a request: {SubjectKind} {SubjectId}, {Metric} per {Period}, limit {Limit}, requested {Requested} ({Outcome})")]
    public static partial void QuotaRejected(ILogger logger, Gateway.Policies.Quotas.QuotaScopeKind subjectKind, string subjectId, Gateway.Policies.Quotas.QuotaMeasure metric,
        Gateway.Policies.Quotas.QuotaPeriod period, decimal limit, decimal requested, Gateway.Proxy.Quotas.QuotaReserveOutcome outcome);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Quota counter {Counter} cannot lease from the database, falling back to {Behavior}: {Reason}")]
    public static partial void QuotaSourceUnreachable(ILogger logger, string counter, Gateway.Proxy.Quotas.QuotaDatabaseDownBehavior behavior, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Quota counter {Counter} leases from the database again")]
    public static partial void QuotaSourceRecovered(ILogger logger, string counter);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "Quota maintenance: {Counters} ended windows dropped from memory, {Rows} counter rows deleted")]
    public static partial void QuotaMaintenance(ILogger logger, int counters, int rows);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Quota maintenance could not delete ended counter rows: {Reason}")]
    public static partial void QuotaMaintenanceFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Unused quota slices could not be given back at shutdown (they lapse with their windows): {Reason}")]
    public static partial void QuotaReleaseFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Usage writer started: batches of {BatchSize}, spool in {SpoolDirectory} ({SpooledRecords} records waiting)")]
    public static partial void UsageWriterStarted(ILogger logger, int batchSize, string spoolDirectory, long spooledRecords);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Usage batch of {Records} records not written, spooled to disk: {Reason}")]
    public static partial void UsageBatchSpooled(ILogger logger, int records, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Usage spool segment {Segment} replayed: {Records} records, {Inserted} new, {Torn} torn lines skipped")]
    public static partial void UsageSpoolReplayed(ILogger logger, string segment, int records, int inserted, int torn);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Usage queue full: record {ResponseId} (and, until it drains, every thousandth after it) written to the spool on the request's thread")]
    public static partial void UsageQueueFull(ILogger logger, string responseId);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Usage record {ResponseId} could not be spooled either and is lost: {Reason}")]
    public static partial void UsageRecordLost(ILogger logger, string responseId, string reason);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Usage partitions not ensured (retried later): {Reason}")]
    public static partial void UsagePartitionsFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Usage writer stopped: {Drained} queued records drained ({Spooled} to the spool)")]
    public static partial void UsageWriterStopped(ILogger logger, int drained, int spooled);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Error, Message = "Usage spool replay failed on segment {Segment}, retrying later: {Reason}")]
    public static partial void UsageReplayFailed(ILogger logger, string segment, string reason);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Error, Message = "Usage record {ResponseId} refused by the database ({SqlState}); set aside in {RejectedFile}")]
    public static partial void UsageRecordRejected(ILogger logger, string responseId, string sqlState, string rejectedFile);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Error, Message = "Recording request {ResponseId} (usage, metrics) failed; the answer was not affected")]
    public static partial void RecordingFailed(ILogger logger, Exception exception, string responseId);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledException(ILogger logger, Exception exception, string method, string path);
}
