namespace Gateway.Transforms.Errors;

/// <summary>Writes <c>{"error":{"message","type","param","code"}}</c>.</summary>
public static class OpenAiErrorWriter
{
    public static void Write(Utf8JsonWriter writer, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(error);
        writer.WriteStartObject();
        writer.WritePropertyName("error"u8);
        writer.WriteStartObject();
        writer.WriteString("message"u8, error.Message);
        writer.WriteString("type"u8, error.Type);
        WriteNullableString(writer, "param"u8, error.Param);
        WriteNullableString(writer, "code"u8, error.Code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static byte[] ToUtf8(GatewayError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            Write(writer, error);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteNullableString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
