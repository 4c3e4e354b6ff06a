using System.Text.Unicode;

namespace Gateway.Transforms.Validation;

/// <summary>A property's name as characters to switch on, without a string per property.</summary>
internal static class JsonPropertyNames
{
    /// <summary>Room for every field name a validator knows (the longest, <c>max_completion_tokens</c>, has 21 characters).</summary>
    public const int BufferLength = 32;

    /// <summary>
    /// The name, written into <paramref name="buffer"/> when it has no escape and fits (no allocation); else the unescaped
    /// name as a string (a name with an escape, or one longer than any field a validator knows).
    /// </summary>
    public static ReadOnlySpan<char> Of(JsonProperty property, Span<char> buffer)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length <= buffer.Length && !raw.Contains((byte)'\\')
            && Utf8.ToUtf16(raw, buffer, out _, out var written) == OperationStatus.Done)
        {
            return buffer[..written];
        }
        return property.Name;
    }

    /// <summary>The first field of <paramref name="root"/>, in the body's order, that <paramref name="check"/> refuses.</summary>
    /// <param name="check">The field's name (see <see cref="Of"/>) and the field: the refusal, or null.</param>
    public static GatewayError? FirstRefused(JsonElement root, Func<ReadOnlySpan<char>, JsonProperty, GatewayError?> check)
    {
        Span<char> buffer = stackalloc char[BufferLength];
        foreach (var property in root.EnumerateObject())
        {
            if (check(Of(property, buffer), property) is { } error)
            {
                return error;
            }
        }
        return null;
    }
}
