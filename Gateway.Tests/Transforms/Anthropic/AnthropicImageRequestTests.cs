using static Gateway.Tests.Transforms.Anthropic.AnthropicTestRig;

namespace Gateway.Tests.Transforms.Anthropic;

[TestFixture]
public sealed class AnthropicImageRequestTests
{
    [Test]
    public void Sends_data_urls_as_base64_sources_and_http_urls_as_url_sources() => AssertWritesRecorded("request-images");

    [Test]
    public void Keeps_the_media_type_of_a_data_url_with_parameters()
    {
        var (body, _) = WriteRequest("""
            {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/webp;name=cat.webp;base64,UklGRg=="}}]}]}
            """);

        var source = body!["messages"]![0]!["content"]![0]!["source"]!;
        Assert.That(source["media_type"]!.GetValue<string>(), Is.EqualTo("image/webp"));
        Assert.That(source["data"]!.GetValue<string>(), Is.EqualTo("UklGRg=="));
    }

    [TestCase("ftp://example.com/cat.png")]
    [TestCase("data:image/png,rawbytes")]
    [TestCase("data:;base64,AAAA")]
    public void Rejects_images_Anthropic_cannot_take_naming_the_url(string url)
    {
        var error = Refusal($$$"""
            {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Look"},{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}]}
            """);

        Assert.That(error.Param, Is.EqualTo("messages[0].content[1].image_url.url"));
    }
}
