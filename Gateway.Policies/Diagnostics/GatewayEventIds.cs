namespace Gateway.Policies.Diagnostics;

/// <summary>
/// Every log event id the gateway writes, in one table with a range per area (as YARP's <c>EventIds</c> and
/// Npgsql's <c>NpgsqlEventId</c>), so an id names one event across every project. It lives here because
/// Policies is the one project every logging project references. Add new ids inside the area's range.
/// </summary>
public static class GatewayEventIds
{
    // 1000-1099 configuration file and catalog publishing
    public const int ConfigWarning = 1001;
    public const int ConfigRejected = 1002;
    public const int CatalogPublished = 1003;

    // 1050-1099 provider descriptions (issue 11 §3)
    public const int ProviderSecretSettingsUnreadable = 1050;

    // 1100-1199 database catalog loading
    public const int DatabaseCatalogLoaded = 1101;
    public const int DatabaseCatalogLoadFailed = 1102;

    // 1200-1299 database change notifications (LISTEN/NOTIFY)
    public const int ListeningForChanges = 1201;
    public const int ChangeConnectionLost = 1202;
    public const int ChangeConnectFailed = 1203;
    public const int ChangeHandlerFailed = 1204;
    public const int ChangeNotified = 1205;

    // 1300-1399 migrations
    public const int MigrationApplying = 1301;
    public const int MigrationsDone = 1302;
    public const int MigrationUnknown = 1303;
    public const int MigrationLockReleaseFailed = 1304;

    // 2000-2199 forwarding: attempts, candidates, streams, destination health
    public const int AttemptFailed = 2001;
    public const int CandidateSkipped = 2002;
    public const int StreamFailed = 2003;
    public const int DestinationTakenOut = 2004;
    public const int UpstreamMalformed = 2005;

    // 2100-2199 health model: destination ejection, (provider, model) cooldowns, provider credentials, panic
    public const int DestinationReinstated = 2101;
    public const int ModelCoolingDown = 2102;
    public const int ProviderCredentialOut = 2103;
    public const int PanicAttempt = 2104;

    // 3000-3099 per-request access (usage) line
    public const int UsageRecorded = 3001;

    // 4000-4099 database availability and sync
    public const int DatabaseUnavailable = 4001;
    public const int CredentialsReencrypted = 4050;
    public const int CredentialReencryptionFailed = 4051;

    // 5000-5099 usage writer and spool
    public const int UsageWriterStarted = 5001;
    public const int UsageBatchSpooled = 5002;
    public const int UsageSpoolReplayed = 5003;
    public const int UsageQueueFull = 5004;
    public const int UsageRecordLost = 5005;
    public const int UsagePartitionsFailed = 5006;
    public const int UsageWriterStopped = 5007;
    public const int UsageReplayFailed = 5008;
    public const int UsageRecordRejected = 5009;
    public const int UsageRowsUnreadable = 5010;

    // 6000-6099 quotas
    public const int QuotaRejected = 6001;
    public const int QuotaSourceUnreachable = 6002;
    public const int QuotaSourceRecovered = 6003;
    public const int QuotaMaintenance = 6004;
    public const int QuotaMaintenanceFailed = 6005;
    public const int QuotaReleaseFailed = 6006;

    // 7000-7099 admin API
    public const int AdminChange = 7001;
    public const int AdminAuditFailed = 7002;
    public const int AdminDatabaseRefused = 7003;
    public const int AdminDatabaseUnavailable = 7004;
    public const int AdminDenied = 7005;
    public const int AdminDeniedAuditFailed = 7006;

    // 7100-7199 authentication and abuse protection
    public const int ProviderEgressRefused = 7100;
    public const int AuthFailuresThrottled = 7120;
    // 7200-7299 ingress doors (messages, responses) and further request kinds
    public const int CompletionThroughChat = 7230;
    public const int ResponseStoreFailed = 7220;
    public const int ResponseStoreReadFailed = 7221;
    public const int MessagesCountTokensFailed = 7210;
    public const int MessagesCountTokensUnreachable = 7211;
    // 7300-7399 response cache
    public const int ResponseCacheDatabaseDown = 7300;
    public const int ResponseCacheDatabaseBack = 7301;
    public const int ResponseCacheSwept = 7302;
    public const int ResponseCacheNotStored = 7303;
    public const int ResponseCacheUnreadableEntry = 7304;
    // 7400-7499 lifecycle (drain, start-up warm-up); 7450-7499 performance: access log, warm-up
    public const int ShutdownBegun = 7400;
    public const int ShutdownDraining = 7401;
    public const int ShutdownDrained = 7402;
    public const int ShutdownDrainFailed = 7403;
    public const int ShutdownStreamEnded = 7404;
    public const int WarmUpFinished = 7410;
    public const int WarmUpFailed = 7411;
    public const int AccessLinesDropped = 7450;
    // 7500-7599 tracing and log formatting
    public const int TracingEnabled = 7500;
    // 7600-7699 dashboard
    public const int DashboardSessionSecretEphemeral = 7601;
    public const int DashboardNotBuilt = 7602;

    // 9000-9099 unexpected failures
    public const int UnhandledException = 9001;
    public const int RecordingFailed = 9002;
}
