using System.Collections.Frozen;

namespace Gateway.Policies.Vocabulary;

/// <summary>
/// The words an enum is written with in config, the admin API and the database (<c>failover</c>, <c>org</c>,
/// <c>minute</c>): one word per member, both ways.
/// </summary>
public sealed class EnumWords<T>
    where T : struct, Enum
{
    private readonly FrozenDictionary<T, string> _words;
    private readonly FrozenDictionary<string, T> _anyCase;

    public EnumWords(params (T Value, string Word)[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if (words.Length != Enum.GetValues<T>().Length)
        {
            throw new ArgumentException($"Every member of {typeof(T).Name} needs a word.", nameof(words));
        }
        _words = words.ToFrozenDictionary(pair => pair.Value, pair => pair.Word);
        ByWord = words.ToFrozenDictionary(pair => pair.Word, pair => pair.Value, StringComparer.Ordinal);
        _anyCase = words.ToFrozenDictionary(pair => pair.Word, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Members by their exact word (the admin API and the database).</summary>
    public IReadOnlyDictionary<string, T> ByWord { get; }

    /// <summary>The words, comma-separated, in declaration order: for "must be one of …" messages.</summary>
    public string List => string.Join(", ", _words.OrderBy(pair => pair.Key).Select(pair => pair.Value));

    public string Word(T value) =>
        _words.TryGetValue(value, out var word) ? word : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    /// <summary>Reads a word in any case (config files are written by hand).</summary>
    public bool TryParse(string? word, out T value)
    {
        if (word is not null && _anyCase.TryGetValue(word, out value))
        {
            return true;
        }
        value = default;
        return false;
    }
}
