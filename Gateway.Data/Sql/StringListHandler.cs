using System.Data;
using NpgsqlTypes;

namespace Gateway.Data.Sql;

/// <summary>Maps text[] to the read-only lists the records expose.</summary>
internal sealed class StringListHandler : SqlMapper.TypeHandler<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Parse(object value) => (string[])value;

    public override void SetValue(IDbDataParameter parameter, IReadOnlyList<string>? value)
    {
        parameter.Value = value?.ToArray() ?? (object)DBNull.Value;
        if (parameter is NpgsqlParameter npgsql)
        {
            npgsql.NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text;
        }
    }
}
