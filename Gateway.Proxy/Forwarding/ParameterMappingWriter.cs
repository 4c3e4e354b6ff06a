using System.Buffers;
using Gateway.Transforms.Buffers;

namespace Gateway.Proxy.Forwarding;

/// <summary>
/// Applies a provider model's <see cref="ParameterMapping"/> to the provider's request body the adapter wrote: one pass
/// with <see cref="Utf8JsonReader"/>/<see cref="Utf8JsonWriter"/>, copying every value no rule touches as raw bytes and
/// descending only into objects a rule reaches. A renamed field gives way to the same name already in the body (the
/// client's explicit field wins); a default is written only when its object is there and the field is not; a clamp
/// changes only numbers.
/// </summary>
internal static class ParameterMappingWriter
{
    /// <summary>Rewrites <paramref name="body"/> in place; a body that is not a JSON object is left as it is.</summary>
    public static void Apply(PooledByteBufferWriter body, ParameterMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var mapped = new PooledByteBufferWriter(body.WrittenCount + 256);
        if (TryApply(body.WrittenSpan, mapping, mapped))
        {
            body.Reset();
            body.Write(mapped.WrittenSpan);
        }
    }

    /// <returns>False when the body is not a JSON object (nothing is written then, and the body goes as it is).</returns>
    public static bool TryApply(ReadOnlySpan<byte> body, ParameterMapping mapping, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        WriteObject(ref reader, body, writer, mapping, string.Empty);
        writer.Flush();
        return true;
    }

    /// <summary>Rewrites the object whose <c>{</c> the reader is on, up to and including its <c>}</c>.</summary>
    private static void WriteObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, Utf8JsonWriter writer, ParameterMapping mapping, string path)
    {
        var rules = RulesAt(mapping, path);
        var present = Present(reader, rules);
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var rule = Find(rules, name);
            if (rule is not null && (rule.Drop || (rule.RenameTo is { } target && target != name && present.Contains(target))))
            {
                reader.Skip();
                continue;
            }
            var outputName = rule?.OutputName ?? name;
            var childPath = path.Length == 0 ? name : path + "." + name;
            if (rule is { Min: not null } or { Max: not null } && reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
            {
                writer.WritePropertyName(outputName);
                writer.WriteNumberValue(Clamp(number, rule!));
            }
            else if (reader.TokenType == JsonTokenType.StartObject && mapping.Reaches(childPath))
            {
                writer.WritePropertyName(outputName);
                WriteObject(ref reader, body, writer, mapping, childPath);
            }
            else
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                writer.WritePropertyName(outputName);
                writer.WriteRawValue(body[start..(int)reader.BytesConsumed], skipInputValidation: true);
            }
        }
        foreach (var rule in rules)
        {
            if (rule.DefaultJson is { } value && !present.Contains(rule.Name) && !present.Contains(rule.OutputName))
            {
                writer.WritePropertyName(rule.OutputName);
                writer.WriteRawValue(value, skipInputValidation: true);
            }
        }
        writer.WriteEndObject();
    }

    private static decimal Clamp(decimal value, ParameterRule rule)
    {
        if (rule.Min is { } min && value < min)
        {
            return min;
        }
        return rule.Max is { } max && value > max ? max : value;
    }

    /// <summary>The property names of the object the reader is on (a copy of the reader scans it; the caller's does not move).</summary>
    private static HashSet<string> Present(Utf8JsonReader scan, List<ParameterRule> rules)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (rules.Count == 0)
        {
            return names;
        }
        while (scan.Read() && scan.TokenType == JsonTokenType.PropertyName)
        {
            names.Add(scan.GetString()!);
            scan.Read();
            scan.Skip();
        }
        return names;
    }

    private static List<ParameterRule> RulesAt(ParameterMapping mapping, string path)
    {
        var rules = new List<ParameterRule>();
        foreach (var rule in mapping.Rules)
        {
            if (rule.Parent == path)
            {
                rules.Add(rule);
            }
        }
        return rules;
    }

    private static ParameterRule? Find(List<ParameterRule> rules, string name)
    {
        foreach (var rule in rules)
        {
            if (rule.Name == name)
            {
                return rule;
            }
        }
        return null;
    }
}
