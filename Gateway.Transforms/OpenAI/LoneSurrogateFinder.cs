using System.Globalization;

namespace Gateway.Transforms.OpenAI;

/// <summary>
/// Finds a <c>\uXXXX</c> escape for half of a UTF-16 surrogate pair without its other half (<c>"\ud800"</c>) in a JSON
/// document. The parser accepts such escapes, but no string holding one can be read or written as Unicode text, so every
/// later reader of that string (validation, routing, an adapter) would fail; the request is refused up front instead.
/// </summary>
internal static class LoneSurrogateFinder
{
    /// <summary>
    /// The offset of the first lone surrogate escape in <paramref name="json"/>, or -1. The document must already have
    /// parsed: a backslash then occurs only inside a string, as the start of an escape, which the scan relies on.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> json)
    {
        var position = 0;
        while (true)
        {
            var found = json[position..].IndexOf((byte)'\\');
            if (found < 0)
            {
                return -1;
            }
            var escape = position + found;
            if (json[escape + 1] != (byte)'u')
            {
                position = escape + 2;
                continue;
            }
            var unit = ReadUnit(json, escape);
            if (char.IsLowSurrogate(unit))
            {
                return escape;
            }
            if (!char.IsHighSurrogate(unit))
            {
                position = escape + 6;
                continue;
            }
            var next = escape + 6;
            if (next + 6 > json.Length || json[next] != (byte)'\\' || json[next + 1] != (byte)'u' || !char.IsLowSurrogate(ReadUnit(json, next)))
            {
                return escape;
            }
            position = next + 6;
        }
    }

    /// <summary>
    /// Where in the request the string holding <paramref name="offset"/> is, as the error's <c>param</c>
    /// (<c>model</c>, <c>messages[0].role</c>); for a property name, the object holding it (null at the top level).
    /// Runs only for a refused request, so it may walk the document again.
    /// </summary>
    public static string? PathAt(ReadOnlySpan<byte> json, int offset)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        var containers = new List<Frame>();
        string? name = null;
        while (reader.Read())
        {
            var inToken = offset >= reader.TokenStartIndex && offset < reader.BytesConsumed;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (inToken)
                    {
                        return Format(containers, null);
                    }
                    name = reader.GetString();
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    containers.Add(new Frame(Enter(containers, name), reader.TokenType == JsonTokenType.StartArray, 0));
                    name = null;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    containers.RemoveAt(containers.Count - 1);
                    break;
                default:
                    var segment = Enter(containers, name);
                    if (inToken)
                    {
                        return Format(containers, segment);
                    }
                    name = null;
                    break;
            }
        }
        return null;
    }

    private static char ReadUnit(ReadOnlySpan<byte> json, int escape)
    {
        // The parser has checked that four hex digits follow "\u".
        var unit = 0;
        foreach (var digit in json.Slice(escape + 2, 4))
        {
            unit = (unit << 4) | (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }
        return (char)unit;
    }

    /// <summary>The path segment of the value starting now: its property name, or its index in the enclosing array (then counted).</summary>
    private static string? Enter(List<Frame> containers, string? name)
    {
        if (containers.Count == 0 || !containers[^1].IsArray)
        {
            return name;
        }
        var array = containers[^1];
        containers[^1] = array with { Next = array.Next + 1 };
        return $"[{array.Next.ToString(CultureInfo.InvariantCulture)}]";
    }

    private static string? Format(List<Frame> containers, string? last)
    {
        var builder = new StringBuilder();
        foreach (var frame in containers)
        {
            Append(builder, frame.Segment);
        }
        Append(builder, last);
        return builder.Length == 0 ? null : builder.ToString();
    }

    private static void Append(StringBuilder builder, string? segment)
    {
        if (segment is null)
        {
            return;
        }
        if (builder.Length > 0 && !segment.StartsWith('['))
        {
            builder.Append('.');
        }
        builder.Append(segment);
    }

    /// <summary>An object or array being read: how it was reached from its parent, and for an array the next index.</summary>
    private readonly record struct Frame(string? Segment, bool IsArray, int Next);
}
