using Gateway.Transforms.Embeddings;

namespace Gateway.Tests.Transforms.Embeddings;

[TestFixture]
public sealed class EmbeddingsRequestTests
{
    [Test]
    public void Reads_a_string_input_with_the_sdk_defaults()
    {
        using var request = Parse("""{"model":"m","input":"hello","encoding_format":"base64","dimensions":256,"user":"u"}""");

        Assert.That((request.Model, request.InputCount, request.InputKind), Is.EqualTo(("m", 1, EmbeddingsInputKind.Text)));
        Assert.That(request.Texts, Is.EqualTo(new[] { "hello" }));
        Assert.That((request.Encoding, request.Dimensions, request.User), Is.EqualTo((EmbeddingsEncoding.Base64, 256, "u")));
    }

    [Test]
    public void Reads_token_arrays()
    {
        using var request = Parse("""{"model":"m","input":[[1,2,3],[4]]}""");

        Assert.That((request.InputKind, request.InputCount, request.LargestTokenArray, request.TotalTokenIds), Is.EqualTo((EmbeddingsInputKind.Tokens, 2, 3, 4)));
        Assert.That(request.Encoding, Is.EqualTo(EmbeddingsEncoding.Numbers), "OpenAI's default");
    }

    [Test]
    public void Reads_one_token_array_as_one_input()
    {
        using var request = Parse("""{"model":"m","input":[9,8,7]}""");

        Assert.That((request.InputKind, request.InputCount), Is.EqualTo((EmbeddingsInputKind.Tokens, 1)));
    }

    [TestCase("""{"model":"m","input":[[1],["a"]]}""", "input[1][0]")]
    [TestCase("""{"model":"m","input":[[]]}""", "input[0]")]
    [TestCase("""{"model":"m","input":["a",""]}""", "input[1]")]
    [TestCase("""{"model":"m","input":{"a":1}}""", "input")]
    [TestCase("""{"model":"m","input":"a","input_type":"poetry"}""", "input_type")]
    [TestCase("""{"model":"m","input":"a","models":"x"}""", "models")]
    [TestCase("""{"model":"","input":"a"}""", "model")]
    public void Names_the_field_of_bad_input(string json, string param)
    {
        var result = EmbeddingsRequest.Parse(Encoding.UTF8.GetBytes(json), 10);

        Assert.That(result.Request, Is.Null);
        Assert.That(result.Error!.Param, Is.EqualTo(param));
        Assert.That(result.Error.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public void Refuses_more_inputs_than_the_limit()
    {
        var result = EmbeddingsRequest.Parse(Encoding.UTF8.GetBytes("""{"model":"m","input":["a","b","c"]}"""), 10, maxInputs: 2);

        Assert.That(result.Error!.Param, Is.EqualTo("input"));
    }

    private static EmbeddingsRequest Parse(string json)
    {
        var result = EmbeddingsRequest.Parse(Encoding.UTF8.GetBytes(json), 10);
        Assert.That(result.Error, Is.Null, result.Error?.Message);
        return result.Request!;
    }
}
