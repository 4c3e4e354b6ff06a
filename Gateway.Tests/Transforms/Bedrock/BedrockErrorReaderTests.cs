using Gateway.Transforms.Errors;
using Gateway.Transforms.Providers.Bedrock;

namespace Gateway.Tests.Transforms.Bedrock;

[TestFixture]
public sealed class BedrockErrorReaderTests
{
    [TestCase("400-ValidationException.json", 400, 400, "invalid_request_error", "The provided model identifier is invalid.")]
    [TestCase("401-bearer-token.json", 401, 502, "upstream_error", "Upstream authentication failed at provider 'bedrock-test'.")]
    [TestCase("403-UnrecognizedClientException.json", 403, 502, "upstream_error", "Upstream authentication failed at provider 'bedrock-test'.")]
    [TestCase("429-ThrottlingException.json", 429, 429, "rate_limit_error", "Too many requests, please wait before trying again.")]
    [TestCase("500-InternalServerException.json", 500, 502, "upstream_error",
        "Provider 'bedrock-test' returned HTTP 500: The system encountered an unexpected error during processing. Try your request again.")]
    [TestCase("503-ServiceUnavailableException.json", 503, 503, "upstream_error",
        "Provider 'bedrock-test' is unavailable or overloaded: Bedrock is unable to process your request.")]
    public void Maps_the_error_body_to_the_client_error(string file, int upstreamStatus, int status, string type, string message)
    {
        var detail = BedrockErrorReader.Read(BedrockTestRig.ReadBytes("Errors", file));

        var error = UpstreamErrorMapper.Map(upstreamStatus, detail, BedrockTestRig.ProviderId, null, null);

        Assert.That(error.StatusCode, Is.EqualTo(status));
        Assert.That(error.Type, Is.EqualTo(type));
        Assert.That(error.Message, Is.EqualTo(message));
    }

    [Test]
    public void Reads_the_capitalised_message_the_aws_front_door_writes()
    {
        var detail = BedrockErrorReader.Read(BedrockTestRig.ReadBytes("Errors", "403-AccessDeniedException.json"));

        Assert.That(detail.Message, Does.StartWith("User: arn:aws:iam::123456789012:user/gw is not authorized"));
    }

    [Test]
    public void Reads_the_error_type_from_a_typed_body()
    {
        var detail = BedrockErrorReader.Read(BedrockTestRig.ReadBytes("Errors", "429-typed.json"));

        Assert.That(detail.Type, Is.EqualTo("ThrottlingException"));
        Assert.That(detail.Message, Is.EqualTo("Too many connections, please wait before trying again."));
    }

    [Test]
    public void Has_no_type_for_a_plain_body_because_bedrock_sends_it_in_a_header()
    {
        var detail = BedrockErrorReader.Read(BedrockTestRig.ReadBytes("Errors", "429-ThrottlingException.json"));

        Assert.That(detail.Type, Is.Null);
        Assert.That(detail.Code, Is.Null);
    }

    [TestCase("")]
    [TestCase("<html>Bad Gateway</html>")]
    [TestCase("[\"message\"]")]
    public void Yields_an_empty_detail_for_a_body_that_is_not_a_json_object(string body)
    {
        Assert.That(BedrockErrorReader.Read(System.Text.Encoding.UTF8.GetBytes(body)), Is.EqualTo(default(Gateway.Transforms.Adapters.UpstreamErrorDetail)));
    }
}
