using Gateway.Transforms.Errors;
using Gateway.Transforms.Providers.Cohere;
using static Gateway.Tests.Transforms.Cohere.CohereTestSupport;

namespace Gateway.Tests.Transforms.Cohere;

[TestFixture]
public sealed class CohereErrorReaderTests
{
    [TestCase("400", "invalid request: cannot specify both frequency_penalty and presence_penalty.")]
    [TestCase("401", "invalid api token")]
    [TestCase("404", "model 'xyz' not found, make sure the correct model ID was used and that you have access to the model.")]
    [TestCase("429", "You are past the per minute request limit, please wait and try again later.")]
    [TestCase("498", "blocked input: please adjust your prompt and try again, as it may be a potential violation of our Usage Guidelines (https://docs.cohere.com/docs/usage-guidelines).")]
    [TestCase("499", "request cancelled")]
    [TestCase("500", "internal server error, this has been reported to our developers. id b8361921-90ee-4ce3-aa18-f2bdda5a6a8b")]
    [TestCase("503", "service unavailable: too many users are trying to access the service at the same time, please try again later")]
    public void Reads_the_message_of_each_documented_error_body(string status, string message)
    {
        var detail = new CohereAdapter().ReadError(Bytes($"Errors/{status}.json"));
        Assert.That(detail, Is.EqualTo(new UpstreamErrorDetail(message, null, null)), "the id names the request, not the kind of error");
    }

    [TestCase("")]
    [TestCase("<html>502 Bad Gateway</html>")]
    [TestCase("[\"message\"]")]
    [TestCase("{\"id\":\"x\"}")]
    [TestCase("{\"message\":")]
    public void Yields_an_empty_detail_for_a_body_without_a_message(string body)
    {
        Assert.That(new CohereAdapter().ReadError(Encoding.UTF8.GetBytes(body)), Is.EqualTo(default(UpstreamErrorDetail)));
    }

    [Test]
    public void Maps_documented_statuses_to_the_errors_clients_see()
    {
        var adapter = new CohereAdapter();
        GatewayError Map(string status) =>
            UpstreamErrorMapper.Map(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), adapter.ReadError(Bytes($"Errors/{status}.json")), "cohere", null, Target().ApiKey);

        Assert.That(Map("400"), Has.Property(nameof(GatewayError.StatusCode)).EqualTo(400)
            .And.Property(nameof(GatewayError.Message)).EqualTo("invalid request: cannot specify both frequency_penalty and presence_penalty."));
        Assert.That(Map("401").StatusCode, Is.EqualTo(502), "Cohere rejecting our key is not the client's fault");
        Assert.That(Map("429").StatusCode, Is.EqualTo(429));
        Assert.That(Map("500").StatusCode, Is.EqualTo(502));
        Assert.That(Map("503").Code, Is.EqualTo("upstream_unavailable"));
    }
}
