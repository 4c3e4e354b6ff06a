namespace Gateway.Proxy.Cache;

/// <summary>
/// Writes JSON in one canonical form, so requests that differ only in layout hash alike: no white space, object
/// members sorted by name (ordinal), strings re-escaped one way, integers as integers and other numbers in their
/// shortest round-trip form (<c>1.0</c> and <c>1</c> are the same number).
/// </summary>
internal static class CanonicalJson
{
    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, element, skip: null);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                WriteNumber(writer, element);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>An object with its members sorted, leaving out those <paramref name="skip"/> names (top level only).</summary>
    public static void WriteObject(Utf8JsonWriter writer, JsonElement element, Func<string, bool>? skip)
    {
        var members = new List<JsonProperty>();
        foreach (var member in element.EnumerateObject())
        {
            if (skip is null || !skip(member.Name))
            {
                members.Add(member);
            }
        }
        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        writer.WriteStartObject();
        foreach (var member in members)
        {
            writer.WritePropertyName(member.Name);
            Write(writer, member.Value);
        }
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, JsonElement element)
    {
        if (element.TryGetInt64(out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (element.TryGetDouble(out var real) && double.IsFinite(real))
        {
            if (real == Math.Floor(real) && Math.Abs(real) < 9.2e18)
            {
                writer.WriteNumberValue((long)real);
            }
            else
            {
                writer.WriteRawValue(real.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
            }
        }
        else
        {
            // Beyond double's range: the text as sent is all there is to compare.
            writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
        }
    }
}
