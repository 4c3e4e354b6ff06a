using System.Buffers.Binary;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Embeddings;

namespace Gateway.Tests.Transforms.Embeddings;

[TestFixture]
public sealed class EmbeddingsAnswerWriterTests
{
    [Test]
    public void Packs_numbers_as_little_endian_float32_base64()
    {
        var answer = Write(EmbeddingsEncoding.Base64, "[0.5,-1.25,3]");

        var bytes = Convert.FromBase64String(FirstEmbedding(answer).GetString()!);
        Assert.That(bytes, Has.Length.EqualTo(12));
        Assert.That(new[] { BinaryPrimitives.ReadSingleLittleEndian(bytes), BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4)), BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8)) },
            Is.EqualTo(new[] { 0.5f, -1.25f, 3f }));
    }

    [Test]
    public void Copies_the_providers_digits_when_numbers_are_asked_for()
    {
        var answer = Write(EmbeddingsEncoding.Numbers, "[0.0023064255,-9.327292E-3]");

        Assert.That(FirstEmbedding(answer).GetRawText(), Is.EqualTo("[0.0023064255,-9.327292E-3]"));
    }

    [Test]
    public void Unpacks_base64_when_numbers_are_asked_for()
    {
        var packed = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(packed, 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(packed.AsSpan(4), -2f);

        var answer = Write(EmbeddingsEncoding.Numbers, $"\"{Convert.ToBase64String(packed)}\"");

        var vector = FirstEmbedding(answer).EnumerateArray().Select(v => v.GetSingle());
        Assert.That(vector, Is.EqualTo(new[] { 1.5f, -2f }));
    }

    [Test]
    public void Copies_base64_once_even_when_the_provider_escaped_its_slashes()
    {
        var answer = Write(EmbeddingsEncoding.Base64, "\"AAC\\/PwAAAEA=\"");

        Assert.That(FirstEmbedding(answer).GetString(), Is.EqualTo("AAC/PwAAAEA="));
    }

    [Test]
    public void Writes_openais_list_shape_with_usage()
    {
        var answer = Write(EmbeddingsEncoding.Numbers, "[1]", "[2]");

        var root = answer.RootElement;
        Assert.That(root.GetProperty("object").GetString(), Is.EqualTo("list"));
        Assert.That(root.GetProperty("data")[1].GetProperty("index").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("data")[1].GetProperty("object").GetString(), Is.EqualTo("embedding"));
        Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("m"));
        Assert.That(root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), Is.EqualTo(7));
        Assert.That(root.GetProperty("usage").GetProperty("total_tokens").GetInt32(), Is.EqualTo(7));
    }

    [Test]
    public void Refuses_a_vector_that_is_not_numbers()
    {
        Assert.Throws<Gateway.Transforms.Adapters.UpstreamFormatException>(() => Write(EmbeddingsEncoding.Base64, "[\"x\"]"));
    }

    private static JsonElement FirstEmbedding(JsonDocument answer) => answer.RootElement.GetProperty("data")[0].GetProperty("embedding");

    private static JsonDocument Write(EmbeddingsEncoding encoding, params string[] vectors)
    {
        using var output = new PooledByteBufferWriter(256);
        using (var writer = new EmbeddingsAnswerWriter(output, encoding))
        {
            foreach (var vector in vectors)
            {
                using var document = JsonDocument.Parse(vector);
                writer.Add(document.RootElement);
            }
            writer.Complete("m", 7);
        }
        return JsonDocument.Parse(Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
