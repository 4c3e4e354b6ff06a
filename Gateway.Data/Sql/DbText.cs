using Gateway.Data.Records;

namespace Gateway.Data.Sql;

/// <summary>
/// The database words for the enums, spelled out: Dapper would send an enum as its number, and the check
/// constraints name the words. Reading goes through Dapper's case-insensitive enum parsing.
/// </summary>
internal static class DbText
{
    public static string Of(AliasStrategy strategy) => strategy switch
    {
        AliasStrategy.Failover => "failover",
        AliasStrategy.Weighted => "weighted",
        AliasStrategy.Latency => "latency",
        AliasStrategy.Cost => "cost",
        AliasStrategy.Hybrid => "hybrid",
        AliasStrategy.Throughput => "throughput",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    public static string Of(RoutingPolicyType type) => type switch
    {
        RoutingPolicyType.Deterministic => "deterministic",
        RoutingPolicyType.Weighted => "weighted",
        RoutingPolicyType.Latency => "latency",
        RoutingPolicyType.Cost => "cost",
        RoutingPolicyType.Hybrid => "hybrid",
        RoutingPolicyType.Failover => "failover",
        RoutingPolicyType.Throughput => "throughput",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string Of(QuotaSubjectKind kind) => kind switch
    {
        QuotaSubjectKind.Key => "key",
        QuotaSubjectKind.Environment => "environment",
        QuotaSubjectKind.Team => "team",
        QuotaSubjectKind.Org => "org",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Of(QuotaMetric metric) => metric switch
    {
        QuotaMetric.Requests => "requests",
        QuotaMetric.Tokens => "tokens",
        QuotaMetric.Cost => "cost",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    public static string Of(QuotaWindow window) => window switch
    {
        QuotaWindow.Minute => "minute",
        QuotaWindow.Day => "day",
        QuotaWindow.Month => "month",
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, null),
    };
}
