using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.Dashboard.Hosting;

/// <summary>The dashboard's log lines.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = GatewayEventIds.DashboardSessionSecretEphemeral, Level = LogLevel.Warning,
        Message = "Dashboard sessions are signed with a key made up at start (neither GATEWAY_DASHBOARD_SECRET nor GATEWAY_MASTER_KEYS is set): sign-ins end at a restart and hold on this replica only")]
    public static partial void SessionSecretEphemeral(ILogger logger);

    [LoggerMessage(EventId = GatewayEventIds.DashboardNotBuilt, Level = LogLevel.Warning,
        Message = "The dashboard was not built into this gateway (built with -p:DashboardBuild=false and no earlier build of dashboard/): /dashboard/ answers 404")]
    public static partial void NotBuilt(ILogger logger);
}
