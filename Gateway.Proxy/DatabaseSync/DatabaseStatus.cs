namespace Gateway.Proxy.DatabaseSync;

/// <summary>The gateway's view of its database.</summary>
internal enum DatabaseStatus
{
    /// <summary>No connection string: the gateway serves from its config file alone.</summary>
    NotConfigured,

    /// <summary>Configured, not yet reached since start.</summary>
    Starting,

    Connected,

    /// <summary>Unreachable: the last good catalog keeps serving, usage is spooled.</summary>
    Degraded,
}
