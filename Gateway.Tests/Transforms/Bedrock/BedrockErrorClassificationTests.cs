using Gateway.Tests.Infrastructure;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Providers.Bedrock;

namespace Gateway.Tests.Transforms.Bedrock;

/// <summary>
/// What each Bedrock error answer counts against, read from the <c>x-amzn-ErrorType</c> header AWS names it in: a
/// security token or signature AWS does not accept, or a rejected Bedrock API key, is the credential's; an
/// <c>AccessDeniedException</c> (no access to that model) is the request's.
/// </summary>
[TestFixture]
public sealed class BedrockErrorClassificationTests
{
    [TestCase("403-UnrecognizedClientException.json", 403, "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/", UpstreamFailureScope.Credential)]
    [TestCase("403-UnrecognizedClientException.json", 403, "InvalidSignatureException", UpstreamFailureScope.Credential)]
    [TestCase("403-UnrecognizedClientException.json", 403, "ExpiredTokenException", UpstreamFailureScope.Credential)]
    [TestCase("401-bearer-token.json", 401, null, UpstreamFailureScope.Credential)]
    [TestCase("403-AccessDeniedException.json", 403, "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/", UpstreamFailureScope.Request)]
    [TestCase("400-ValidationException.json", 400, "ValidationException", UpstreamFailureScope.Request)]
    [TestCase("429-ThrottlingException.json", 429, "ThrottlingException", UpstreamFailureScope.RateLimit)]
    [TestCase("424-ModelErrorException.json", 424, "ModelErrorException", UpstreamFailureScope.Provider)]
    [TestCase("500-InternalServerException.json", 500, "InternalServerException", UpstreamFailureScope.Provider)]
    [TestCase("503-ServiceUnavailableException.json", 503, "ServiceUnavailableException", UpstreamFailureScope.Provider)]
    public void Classifies_an_error_answer_by_the_type_aws_names(string fixture, int status, string? errorType, UpstreamFailureScope expected)
    {
        var adapter = new BedrockAdapter();
        using var response = new HttpResponseMessage();
        if (errorType is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
        }

        var scope = adapter.ClassifyError(status, response.Headers, adapter.ReadError(Fixture.Bytes("Bedrock", "Errors", fixture)));

        Assert.That(scope, Is.EqualTo(expected));
    }

    [Test]
    public void Reads_the_type_from_the_body_when_the_header_is_missing()
    {
        var adapter = new BedrockAdapter();
        using var response = new HttpResponseMessage();

        var scope = adapter.ClassifyError(403, response.Headers,
            adapter.ReadError("""{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}"""u8));

        Assert.That(scope, Is.EqualTo(UpstreamFailureScope.Credential));
    }
}
