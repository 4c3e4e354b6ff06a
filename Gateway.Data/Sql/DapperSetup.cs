using Dapper;
using Gateway.Data.Records;

namespace Gateway.Data.Sql;

/// <summary>
/// Registers the Dapper type handlers the records need, once per process. Dapper maps a positional record
/// only when every column's type equals its parameter's, unless a handler exists for the parameter type:
/// timestamptz reads as DateTime, jsonb as string, text[] as string[].
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
        return true;
    }
}
