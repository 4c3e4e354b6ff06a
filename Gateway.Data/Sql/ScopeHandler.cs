using System.Data;

namespace Gateway.Data.Sql;

/// <summary>Reads the scope text that <see cref="ScopeSql.Select"/> computes; scopes are written as three id columns.</summary>
internal sealed class ScopeHandler : SqlMapper.TypeHandler<Scope>
{
    public override Scope Parse(object value) => Scope.Parse((string)value);

    public override void SetValue(IDbDataParameter parameter, Scope value) => parameter.Value = value.ToString();
}
