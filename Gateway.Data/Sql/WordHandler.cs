using System.Data;
using Gateway.Policies.Vocabulary;

namespace Gateway.Data.Sql;

/// <summary>Reads and writes an enum column as its word (<c>org</c>, not <c>Organization</c> or a number).</summary>
internal sealed class WordHandler<T> : SqlMapper.TypeHandler<T>
    where T : struct, Enum
{
    private readonly EnumWords<T> _words;

    public WordHandler(EnumWords<T> words)
    {
        _words = words;
    }

    public override T Parse(object value) =>
        _words.ByWord.TryGetValue((string)value, out var parsed)
            ? parsed
            : throw new DataException($"'{value}' is not a {typeof(T).Name} word ({_words.List}).");

    public override void SetValue(IDbDataParameter parameter, T value) => parameter.Value = _words.Word(value);
}
