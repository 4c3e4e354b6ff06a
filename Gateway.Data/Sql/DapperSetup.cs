using Gateway.Data.Aliases;
using Gateway.Policies.Catalog;
using Gateway.Policies.Quotas;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Vocabulary;

namespace Gateway.Data.Sql;

/// <summary>
/// Registers the Dapper type handlers the records need, once per process. Dapper maps a positional record
/// only when every column's type equals its parameter's, unless a handler exists for the parameter type:
/// timestamptz reads as DateTime, jsonb as string, text[] as string[]. Enum columns hold the gateway's
/// <see cref="Words"/>, which are not always the members' names.
/// </summary>
internal static class DapperSetup
{
    private static readonly Lazy<bool> Registration = new(Register);

    public static void EnsureRegistered() => _ = Registration.Value;

    private static bool Register()
    {
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new JsonElementHandler());
        SqlMapper.AddTypeHandler<IReadOnlyList<string>>(new StringListHandler());
        SqlMapper.AddTypeHandler<IReadOnlyList<AliasTarget>>(new AliasTargetListHandler());
        SqlMapper.AddTypeHandler(new ScopeHandler());
        // Without this Dapper parses enum columns by member name and never asks a handler.
        SqlMapper.Settings.PreferTypeHandlersForEnums = true;
        SqlMapper.AddTypeHandler(new WordHandler<RoutingStrategy>(Words.Strategies));
        SqlMapper.AddTypeHandler(new WordHandler<RoutingPolicyType>(Words.PolicyTypes));
        SqlMapper.AddTypeHandler(new WordHandler<QuotaSubjectKind>(Words.QuotaSubjects));
        SqlMapper.AddTypeHandler(new WordHandler<QuotaMeasure>(Words.QuotaMeasures));
        SqlMapper.AddTypeHandler(new WordHandler<QuotaPeriod>(Words.QuotaPeriods));
        return true;
    }
}
