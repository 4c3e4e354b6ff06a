using Gateway.Policies.Quotas;
using Gateway.Policies.RoutingPolicies;

namespace Gateway.Policies.Vocabulary;

/// <summary>
/// The gateway's words for its enums, in one place: config files, the admin API's JSON and the database's columns
/// and check constraints all spell them so. Scopes are written by <see cref="Tenancy.Scope"/> itself.
/// </summary>
public static class Words
{
    public static EnumWords<RoutingStrategy> Strategies { get; } = new(
        (RoutingStrategy.Failover, "failover"),
        (RoutingStrategy.Weighted, "weighted"),
        (RoutingStrategy.Latency, "latency"),
        (RoutingStrategy.Cost, "cost"),
        (RoutingStrategy.Hybrid, "hybrid"),
        (RoutingStrategy.Throughput, "throughput"));

    public static EnumWords<RoutingPolicyType> PolicyTypes { get; } = new(
        (RoutingPolicyType.Deterministic, "deterministic"),
        (RoutingPolicyType.Failover, "failover"),
        (RoutingPolicyType.Weighted, "weighted"),
        (RoutingPolicyType.Latency, "latency"),
        (RoutingPolicyType.Cost, "cost"),
        (RoutingPolicyType.Hybrid, "hybrid"),
        (RoutingPolicyType.Throughput, "throughput"));

    public static EnumWords<QuotaSubjectKind> QuotaSubjects { get; } = new(
        (QuotaSubjectKind.Key, "key"),
        (QuotaSubjectKind.Environment, "environment"),
        (QuotaSubjectKind.Team, "team"),
        (QuotaSubjectKind.Organization, "org"));

    public static EnumWords<QuotaMeasure> QuotaMeasures { get; } = new(
        (QuotaMeasure.Requests, "requests"),
        (QuotaMeasure.Tokens, "tokens"),
        (QuotaMeasure.Cost, "cost"));

    public static EnumWords<QuotaPeriod> QuotaPeriods { get; } = new(
        (QuotaPeriod.Minute, "minute"),
        (QuotaPeriod.Day, "day"),
        (QuotaPeriod.Month, "month"));
}
