using System.Buffers;
using Gateway.Transforms.Providers.Gemini;
using static Gateway.Tests.Transforms.Gemini.GeminiFixtures;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Gemini;

[TestFixture]
public sealed class GeminiRequestMessagesTests
{
    [Test]
    public void Moves_system_and_developer_prompts_to_system_instruction_and_merges_consecutive_user_turns() => AssertWritesRecorded("request_text");

    [Test]
    public void Sends_no_openai_or_gateway_only_field_upstream()
    {
        var body = WriteBody(Text("request_text.openai.json")).AsObject();

        Assert.That(body.Select(p => p.Key), Is.EquivalentTo(new[] { "systemInstruction", "contents" }));
    }

    [Test]
    public void Sends_images_from_data_urls_inline_and_http_urls_as_file_data() => AssertWritesRecorded("request_images");

    [Test]
    public void Sends_input_audio_and_file_data_urls_inline()
    {
        var body = WriteBody("""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"input_audio","input_audio":{"data":"UklGRiQAAABXQVZF","format":"wav"}},
              {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0xLjQK"}}]}]}
            """);

        AssertJsonEqual(JsonNode.Parse("""
            {"contents":[{"role":"user","parts":[
              {"inlineData":{"mimeType":"audio/wav","data":"UklGRiQAAABXQVZF"}},
              {"inlineData":{"mimeType":"application/pdf","data":"JVBERi0xLjQK"}}]}]}
            """), body);
    }

    [TestCase("ftp://example.com/cat.png", "messages[0].content[0].image_url.url")]
    [TestCase("data:image/png,not-base64", "messages[0].content[0].image_url.url")]
    [TestCase("data:;base64,AAAA", "messages[0].content[0].image_url.url")]
    public void Rejects_an_image_url_gemini_cannot_fetch_naming_the_parameter(string url, string param)
    {
        var error = Refusal($$$"""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}]}""");

        Assert.That(error.Param, Is.EqualTo(param));
    }

    [Test]
    public void Rejects_openai_file_ids_naming_the_parameter()
    {
        var error = Refusal("""{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-abc"}}]}]}""");

        Assert.That(error.Param, Is.EqualTo("messages[0].content[0].file"));
    }

    [Test]
    public void Rejects_a_conversation_with_only_system_messages()
    {
        var error = Refusal("""{"model":"m","messages":[{"role":"system","content":"Be nice."}]}""");

        Assert.That(error.Param, Is.EqualTo("messages"));
    }

    [Test]
    public void Leaves_the_callers_body_untouched_when_the_request_is_rejected()
    {
        using var request = Parse("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stop":["1","2","3","4","5","6"]}""");
        var body = new ArrayBufferWriter<byte>();

        var error = new GeminiAdapter().WriteRequestBody(request, Target(), body);

        Assert.That(error, Is.Not.Null);
        Assert.That(body.WrittenCount, Is.Zero);
    }
}
