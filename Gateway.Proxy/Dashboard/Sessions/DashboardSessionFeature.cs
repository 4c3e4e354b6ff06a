namespace Gateway.Proxy.Dashboard.Sessions;

/// <summary>Set on an admin request that was authenticated by the dashboard's session cookie rather than by a key header.</summary>
internal sealed record DashboardSessionFeature(DashboardSession Session);
