using System.Data;
using Gateway.Data.Aliases;
using NpgsqlTypes;

namespace Gateway.Data.Sql;

/// <summary>Maps the jsonb array of alias targets to typed records and back.</summary>
internal sealed class AliasTargetListHandler : SqlMapper.TypeHandler<IReadOnlyList<AliasTarget>>
{
    public override IReadOnlyList<AliasTarget> Parse(object value) => DataJson.ReadTargets((string)value);

    public override void SetValue(IDbDataParameter parameter, IReadOnlyList<AliasTarget>? value)
    {
        parameter.Value = value is null ? DBNull.Value : DataJson.WriteTargets(value);
        if (parameter is NpgsqlParameter npgsql)
        {
            npgsql.NpgsqlDbType = NpgsqlDbType.Jsonb;
        }
    }
}
