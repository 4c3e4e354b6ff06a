using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Bench.FakeUpstream;

/// <summary>
/// OpenAI's <c>POST /v1/embeddings</c>: one vector per input (up to <see cref="MaxInputs"/>), <see cref="Dimensions"/>
/// floats each, as base64 of little-endian float32 when the request asks <c>"encoding_format":"base64"</c> (what
/// OpenAI's SDKs ask by default) and as a JSON array of floats otherwise. Both answers for every input count are
/// encoded at start, so a request costs only reading its body and I/O.
/// </summary>
internal sealed class FakeEmbeddings
{
    public const int Dimensions = 1536;
    private const int MaxInputs = 64;

    private readonly byte[][] _floats = new byte[MaxInputs + 1][];
    private readonly byte[][] _base64 = new byte[MaxInputs + 1][];

    public FakeEmbeddings()
    {
        var vectors = new float[MaxInputs][];
        var random = new Random(1536);
        for (var i = 0; i < MaxInputs; i++)
        {
            vectors[i] = new float[Dimensions];
            for (var d = 0; d < Dimensions; d++)
            {
                vectors[i][d] = (float)((random.NextDouble() - 0.5) * 0.1);
            }
        }
        for (var n = 0; n <= MaxInputs; n++)
        {
            _floats[n] = Answer(vectors, n, base64: false);
            _base64[n] = Answer(vectors, n, base64: true);
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        var body = await FakeRequestBody.ReadAsync(context.Request.BodyReader, context.RequestAborted);
        var (inputs, base64) = Inspect(body);
        var answer = (base64 ? _base64 : _floats)[Math.Clamp(inputs, 1, MaxInputs)];
        var response = context.Response;
        response.Headers["x-request-id"] = "req_fake_upstream";
        response.ContentType = "application/json";
        response.ContentLength = answer.Length;
        await response.Body.WriteAsync(answer, context.RequestAborted);
    }

    /// <summary>The number of inputs (a string is one) and whether base64 is asked for.</summary>
    private static (int Inputs, bool Base64) Inspect(byte[] json)
    {
        var inputs = 1;
        var base64 = false;
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }
                if (reader.ValueTextEquals("input"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        inputs = 0;
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            inputs++;
                            reader.Skip();
                        }
                    }
                }
                else if (reader.ValueTextEquals("encoding_format"u8))
                {
                    reader.Read();
                    base64 = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("base64"u8);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A broken body gets one vector: the fake judges nothing, the gateway does.
        }
        return (inputs, base64);
    }

    private static byte[] Answer(float[][] vectors, int count, bool base64)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("object"u8, "list"u8);
            writer.WriteStartArray("data"u8);
            var bytes = new byte[Dimensions * sizeof(float)];
            for (var i = 0; i < count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("object"u8, "embedding"u8);
                writer.WriteNumber("index"u8, i);
                if (base64)
                {
                    for (var d = 0; d < Dimensions; d++)
                    {
                        BitConverter.TryWriteBytes(bytes.AsSpan(d * sizeof(float)), vectors[i][d]);
                    }
                    writer.WriteString("embedding"u8, Convert.ToBase64String(bytes));
                }
                else
                {
                    writer.WriteStartArray("embedding"u8);
                    foreach (var value in vectors[i])
                    {
                        // OpenAI prints floats with up to ~10 significant digits; "R" keeps the float exact.
                        writer.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture));
                    }
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteString("model"u8, "text-embedding-3-small"u8);
            writer.WriteStartObject("usage"u8);
            writer.WriteNumber("prompt_tokens"u8, 40 * count);
            writer.WriteNumber("total_tokens"u8, 40 * count);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
