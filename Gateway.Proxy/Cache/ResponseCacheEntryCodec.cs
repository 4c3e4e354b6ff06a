using Gateway.Transforms;
using Gateway.Transforms.Buffers;

namespace Gateway.Proxy.Cache;

/// <summary>
/// An entry as bytes for the database tier: one JSON object, the answer embedded as it is. A row that does not read
/// (another version's, or damaged) is a miss, never an error.
/// </summary>
internal static class ResponseCacheEntryCodec
{
    private const int Version = 1;

    public static byte[] Encode(ResponseCacheEntry entry)
    {
        using var buffer = new PooledByteBufferWriter(entry.Answer.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v"u8, Version);
            writer.WriteString("kind"u8, entry.Kind);
            writer.WriteString("provider"u8, entry.ProviderId);
            writer.WriteString("served_model"u8, entry.ServedModel);
            writer.WriteString("finish_reason"u8, entry.FinishReason);
            writer.WriteNumber("cost"u8, entry.Cost);
            writer.WriteNumber("expires_at"u8, entry.ExpiresAt.ToUnixTimeMilliseconds());
            writer.WritePropertyName("answer"u8);
            writer.WriteRawValue(entry.Answer, skipInputValidation: true);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static ResponseCacheEntry? Decode(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("v"u8, out var version) || version.GetInt32() != Version
                || !root.TryGetProperty("answer"u8, out var answer))
            {
                return null;
            }
            return new ResponseCacheEntry
            {
                Answer = JsonMarshalRaw(answer),
                Kind = root.GetProperty("kind"u8).GetString()!,
                ProviderId = root.GetProperty("provider"u8).GetString(),
                ServedModel = root.GetProperty("served_model"u8).GetString(),
                FinishReason = root.GetProperty("finish_reason"u8).GetString(),
                Cost = root.GetProperty("cost"u8).GetDecimal(),
                ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("expires_at"u8).GetInt64()),
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static byte[] JsonMarshalRaw(JsonElement element) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element).ToArray();
}
