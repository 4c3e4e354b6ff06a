using System.Data;
using NpgsqlTypes;

namespace Gateway.Data.Sql;

/// <summary>Reads timestamptz (a UTC DateTime in Npgsql) as DateTimeOffset; writes UTC, the only offset Npgsql accepts.</summary>
internal sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    public override DateTimeOffset Parse(object value) => value switch
    {
        DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        DateTimeOffset dateTimeOffset => dateTimeOffset,
        _ => throw new DataException($"Cannot read {value.GetType().Name} as a timestamp."),
    };

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        parameter.Value = value.ToUniversalTime();
        if (parameter is NpgsqlParameter npgsql)
        {
            npgsql.NpgsqlDbType = NpgsqlDbType.TimestampTz;
        }
    }
}
