namespace Gateway.Transforms.Validation;

/// <summary>Reads a field that holds text or token ids (<see cref="TextOrTokens"/>), naming the item at fault.</summary>
internal static class TextOrTokensReader
{
    /// <param name="name">The field's name (<c>prompt</c>, <c>input</c>).</param>
    /// <param name="refuseEmptyText">Whether an empty string is refused (embeddings: nothing to embed).</param>
    /// <param name="maxItems">The most items an array may hold.</param>
    public static GatewayError? Read(JsonElement value, string name, bool refuseEmptyText, int maxItems, out TextOrTokens read)
    {
        read = new TextOrTokens([], 0, 0, 0);
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (refuseEmptyText && text.Length == 0)
            {
                return EmptyText(name);
            }
            read = read with { Texts = [text] };
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType(name, "a string, an array of strings, an array of token ids or an array of arrays of token ids");
        }
        var count = value.GetArrayLength();
        if (count == 0)
        {
            return GatewayError.InvalidRequest($"'{name}' must not be empty.", name, "invalid_value");
        }
        if (count > maxItems)
        {
            return GatewayError.InvalidRequest($"'{name}' may hold at most {maxItems} items; this one has {count}.", name, "invalid_value");
        }
        switch (value[0].ValueKind)
        {
            case JsonValueKind.String:
                return ReadTexts(value, name, count, refuseEmptyText, ref read);
            case JsonValueKind.Number:
                var error = ReadTokenIds(value, name, -1, out var length);
                read = read with { TokenArrays = 1, LargestTokenArray = length, TokenIds = length };
                return error;
            case JsonValueKind.Array:
                return ReadTokenArrays(value, name, ref read);
            default:
                return FieldChecks.InvalidType($"{name}[0]", "a string, a token id or an array of token ids");
        }
    }

    private static GatewayError? ReadTexts(JsonElement array, string name, int count, bool refuseEmptyText, ref TextOrTokens read)
    {
        var texts = new string[count];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.InvalidType($"{name}[{i}]", $"a string, as every other item of '{name}'");
            }
            var text = item.GetString()!;
            if (refuseEmptyText && text.Length == 0)
            {
                return EmptyText($"{name}[{i}]");
            }
            texts[i++] = text;
        }
        read = read with { Texts = texts };
        return null;
    }

    private static GatewayError? ReadTokenArrays(JsonElement array, string name, ref TextOrTokens read)
    {
        int largest = 0, total = 0, i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Array)
            {
                return FieldChecks.InvalidType($"{name}[{i}]", $"an array of token ids, as every other item of '{name}'");
            }
            var error = ReadTokenIds(item, name, i, out var length);
            if (error is not null)
            {
                return error;
            }
            largest = Math.Max(largest, length);
            total += length;
            i++;
        }
        read = read with { TokenArrays = i, LargestTokenArray = largest, TokenIds = total };
        return null;
    }

    /// <param name="index">The array's index in the field; -1 when the field itself is the array.</param>
    private static GatewayError? ReadTokenIds(JsonElement array, string name, int index, out int length)
    {
        length = array.GetArrayLength();
        if (length == 0)
        {
            var param = Path(name, index);
            return GatewayError.InvalidRequest($"'{param}' must hold at least one token id.", param, "invalid_value");
        }
        var i = 0;
        foreach (var token in array.EnumerateArray())
        {
            if (!FieldChecks.IsNonNegativeInteger(token))
            {
                return FieldChecks.InvalidType($"{Path(name, index)}[{i}]", "a token id (a non-negative integer)");
            }
            i++;
        }
        return null;
    }

    private static string Path(string name, int index) => index < 0 ? name : $"{name}[{index}]";

    private static GatewayError EmptyText(string param) =>
        GatewayError.InvalidRequest($"'{param}' cannot be an empty string.", param, "invalid_value");
}
