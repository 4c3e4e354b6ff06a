using Gateway.Transforms.Errors;
using static Gateway.Tests.Transforms.Anthropic.AnthropicTestRig;

namespace Gateway.Tests.Transforms.Anthropic;

[TestFixture]
public sealed class AnthropicErrorReaderTests
{
    [TestCase("error-400.json", "invalid_request_error", "messages: text content blocks must be non-empty")]
    [TestCase("error-401.json", "authentication_error", "invalid x-api-key")]
    [TestCase("error-429.json", "rate_limit_error", "This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.")]
    [TestCase("error-500.json", "api_error", "Internal server error")]
    [TestCase("error-529.json", "overloaded_error", "Overloaded")]
    public void Reads_message_and_type_from_the_error_body(string fixture, string type, string message)
    {
        var detail = Adapter.ReadError(FixtureBytes(fixture));

        Assert.That(detail, Is.EqualTo(new UpstreamErrorDetail(message, type, type)));
    }

    [TestCase("error-400.json", 400, 400, "invalid_request_error")]
    [TestCase("error-401.json", 401, 502, "upstream_auth_failed")]
    [TestCase("error-429.json", 429, 429, "rate_limit_error")]
    [TestCase("error-500.json", 500, 502, "upstream_error")]
    [TestCase("error-529.json", 529, 503, "upstream_unavailable")]
    public void Maps_to_the_client_error_through_the_shared_mapper(string fixture, int upstreamStatus, int clientStatus, string code)
    {
        var error = UpstreamErrorMapper.Map(upstreamStatus, Adapter.ReadError(FixtureBytes(fixture)), "anthropic", null, ApiKey);

        Assert.That(error.StatusCode, Is.EqualTo(clientStatus));
        Assert.That(error.Code, Is.EqualTo(code));
    }

    [TestCase("")]
    [TestCase("<html><body>502 Bad Gateway</body></html>")]
    [TestCase("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":")]
    public void Yields_an_empty_detail_for_a_body_that_is_not_an_error_object(string body)
    {
        Assert.That(Adapter.ReadError(Encoding.UTF8.GetBytes(body)), Is.EqualTo(default(UpstreamErrorDetail)));
    }
}
