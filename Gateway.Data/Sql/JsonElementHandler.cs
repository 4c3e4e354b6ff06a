using System.Data;
using NpgsqlTypes;

namespace Gateway.Data.Sql;

/// <summary>Reads jsonb text as a detached JsonElement and writes one as jsonb.</summary>
internal sealed class JsonElementHandler : SqlMapper.TypeHandler<JsonElement>
{
    public override JsonElement Parse(object value)
    {
        using var document = JsonDocument.Parse((string)value);
        return document.RootElement.Clone();
    }

    public override void SetValue(IDbDataParameter parameter, JsonElement value)
    {
        parameter.Value = value.GetRawText();
        if (parameter is NpgsqlParameter npgsql)
        {
            npgsql.NpgsqlDbType = NpgsqlDbType.Jsonb;
        }
    }
}
