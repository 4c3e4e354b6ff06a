using System.Buffers.Binary;

namespace Gateway.Transforms.Embeddings;

/// <summary>
/// Writes OpenAI's embeddings answer — <c>{"object":"list","data":[{"object":"embedding","index":i,"embedding":…}],
/// "model":…,"usage":{"prompt_tokens":n,"total_tokens":n}}</c> — from whatever vectors a provider sent: JSON numbers
/// are copied as sent or packed as base64 of little-endian float32, base64 is copied or unpacked, as the client asked.
/// </summary>
internal sealed class EmbeddingsAnswerWriter : IDisposable
{
    private readonly Utf8JsonWriter _json;
    private readonly EmbeddingsEncoding _encoding;
    private int _index;

    public EmbeddingsAnswerWriter(IBufferWriter<byte> output, EmbeddingsEncoding encoding)
    {
        _json = new Utf8JsonWriter(output, JsonWriting.Options);
        _encoding = encoding;
        _json.WriteStartObject();
        _json.WriteString("object"u8, "list"u8);
        _json.WritePropertyName("data"u8);
        _json.WriteStartArray();
    }

    /// <summary>Vectors written so far.</summary>
    public int Count => _index;

    /// <summary>Adds the next vector: a JSON array of numbers, or a base64 string of little-endian float32.</summary>
    public void Add(JsonElement vector)
    {
        _json.WriteStartObject();
        _json.WriteString("object"u8, "embedding"u8);
        _json.WriteNumber("index"u8, _index++);
        _json.WritePropertyName("embedding"u8);
        switch (vector.ValueKind)
        {
            case JsonValueKind.Array when _encoding == EmbeddingsEncoding.Numbers:
                _json.WriteStartArray();
                foreach (var number in vector.EnumerateArray())
                {
                    ExpectNumber(number);
                    // The provider's own digits: no double round trip.
                    _json.WriteRawValue(JsonMarshal.GetRawUtf8Value(number), skipInputValidation: true);
                }
                _json.WriteEndArray();
                break;
            case JsonValueKind.Array:
                WritePacked(vector);
                break;
            case JsonValueKind.String when _encoding == EmbeddingsEncoding.Base64:
                WriteBase64Copy(vector);
                break;
            case JsonValueKind.String:
                WriteUnpacked(vector);
                break;
            default:
                throw new Adapters.UpstreamFormatException("An embedding is neither an array of numbers nor a base64 string.");
        }
        _json.WriteEndObject();
    }

    /// <summary>Closes the answer with the model and, when known, the input tokens.</summary>
    public void Complete(string model, int? promptTokens)
    {
        _json.WriteEndArray();
        _json.WriteString("model"u8, model);
        _json.WritePropertyName("usage"u8);
        _json.WriteStartObject();
        _json.WriteNumber("prompt_tokens"u8, promptTokens ?? 0);
        _json.WriteNumber("total_tokens"u8, promptTokens ?? 0);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
    }

    public void Dispose() => _json.Dispose();

    /// <summary>The provider's base64 as sent; one with JSON escapes in it (<c>\/</c>) is unescaped first, not escaped twice.</summary>
    private void WriteBase64Copy(JsonElement vector)
    {
        var raw = JsonMarshal.GetRawUtf8Value(vector);
        raw = raw[1..^1];
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            _json.WriteStringValue(vector.GetString());
            return;
        }
        _json.WriteStringValue(raw);
    }

    private void WritePacked(JsonElement vector)
    {
        var length = vector.GetArrayLength() * sizeof(float);
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var offset = 0;
            foreach (var number in vector.EnumerateArray())
            {
                ExpectNumber(number);
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(offset), (float)number.GetDouble());
                offset += sizeof(float);
            }
            _json.WriteBase64StringValue(bytes.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private void WriteUnpacked(JsonElement vector)
    {
        if (!vector.TryGetBytesFromBase64(out var bytes) || bytes.Length % sizeof(float) != 0)
        {
            throw new Adapters.UpstreamFormatException("An embedding is not base64 of float32 values.");
        }
        _json.WriteStartArray();
        for (var offset = 0; offset < bytes.Length; offset += sizeof(float))
        {
            _json.WriteNumberValue(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset)));
        }
        _json.WriteEndArray();
    }

    private static void ExpectNumber(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new Adapters.UpstreamFormatException("An embedding holds a value that is not a number.");
        }
    }
}
