using Gateway.Policies.Catalog;
using Gateway.Policies.Quotas;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Vocabulary;

namespace Gateway.Data.Sql;

/// <summary>
/// The database words for the enums, which the check constraints name: the gateway's <see cref="Words"/>. Dapper
/// would send an enum as its number; reading goes through <see cref="WordHandler{T}"/>.
/// </summary>
internal static class DbText
{
    public static string Of(RoutingStrategy strategy) => Words.Strategies.Word(strategy);

    public static string Of(RoutingPolicyType type) => Words.PolicyTypes.Word(type);

    public static string Of(QuotaSubjectKind kind) => Words.QuotaSubjects.Word(kind);

    public static string Of(QuotaMeasure measure) => Words.QuotaMeasures.Word(measure);

    public static string Of(QuotaPeriod period) => Words.QuotaPeriods.Word(period);
}
