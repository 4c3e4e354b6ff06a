using Gateway.Transforms.Responses;

namespace Gateway.Tests.Transforms.Responses;

/// <summary>What the Responses door accepts, and the 400 naming the field for what it does not.</summary>
[TestFixture]
public sealed class ResponsesRequestParseTests
{
    [TestCase("""{"input":"Hi"}""", "model")]
    [TestCase("""{"model":"m"}""", "input")]
    [TestCase("""{"model":"m","input":42}""", "input")]
    [TestCase("""{"model":"m","input":[{"content":"x"}]}""", "input[0].type")]
    [TestCase("""{"model":"m","input":"Hi","store":"yes"}""", "store")]
    [TestCase("""{"model":"m","input":"Hi","max_output_tokens":0}""", "max_output_tokens")]
    [TestCase("""{"model":"m","input":"Hi","temperature":3}""", "temperature")]
    [TestCase("""{"model":"m","input":"Hi","tools":[{"type":"function"}]}""", "tools[0].name")]
    [TestCase("""{"model":"m","input":"Hi","tool_choice":"sometimes"}""", "tool_choice")]
    [TestCase("""{"model":"m","input":"Hi","text":{"format":{"type":"json_schema","name":"x"}}}""", "text.format.schema")]
    [TestCase("""{"model":"m","input":"Hi","metadata":{"k":1}}""", "metadata.k")]
    [TestCase("""{"model":"m","input":"Hi","previous_response_id":7}""", "previous_response_id")]
    public void Refuses_a_bad_field_naming_it(string body, string param)
    {
        var parsed = ResponsesRequest.Parse(Encoding.UTF8.GetBytes(body));

        Assert.That(parsed.Request, Is.Null);
        RefusalAssert.IsBadRequestNaming(parsed.Error, param);
    }

    [Test]
    public void Reads_what_routing_and_storage_need()
    {
        using var request = ResponsesTestRig.Parse("""
            {"model":"m","input":"Hi","stream":true,"store":false,"previous_response_id":"resp_1","max_output_tokens":99,
             "tools":[{"type":"function","name":"f"},{"type":"web_search_preview"}],"models":["a","b"]}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(request.Stream, Is.True);
            Assert.That(request.StoreRequested, Is.False);
            Assert.That(request.Store, Is.False);
            Assert.That(request.PreviousResponseId, Is.EqualTo("resp_1"));
            Assert.That(request.MaxOutputTokens, Is.EqualTo(99));
            Assert.That(request.BuiltInTool, Is.EqualTo(("web_search_preview", 1)));
            Assert.That(request.FallbackModels, Is.EqualTo(new[] { "a", "b" }));
        });
    }

    [Test]
    public void Stores_by_default_as_openai_does()
    {
        using var request = ResponsesTestRig.Parse("""{"model":"m","input":"Hi"}""");

        Assert.That(request.StoreRequested, Is.Null);
        Assert.That(request.Store, Is.True);
    }
}
