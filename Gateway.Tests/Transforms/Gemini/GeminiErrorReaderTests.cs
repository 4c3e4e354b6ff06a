using Gateway.Transforms.Errors;
using Gateway.Transforms.Providers.Gemini;
using static Gateway.Tests.Transforms.Gemini.GeminiFixtures;

namespace Gateway.Tests.Transforms.Gemini;

[TestFixture]
public sealed class GeminiErrorReaderTests
{
    [TestCase("error_400.json", "INVALID_ARGUMENT", "Invalid JSON payload received. Unknown name \"temprature\" at 'generation_config': Cannot find field.")]
    [TestCase("error_400_api_key.json", "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.")]
    [TestCase("error_401.json", "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.")]
    [TestCase("error_403.json", "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.")]
    [TestCase("error_429.json", "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.")]
    [TestCase("error_500.json", "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting")]
    [TestCase("error_503.json", "UNAVAILABLE", "The model is overloaded. Please try again later.")]
    public void Reads_the_message_and_canonical_status_of_a_google_error(string fixture, string status, string message)
    {
        var detail = new GeminiAdapter().ReadError(Bytes(fixture));

        Assert.That((detail.Message, detail.Type, detail.Code), Is.EqualTo((message, status, status)));
    }

    [Test]
    public void Marks_the_credential_rejected_for_an_invalid_api_key_reported_as_400()
    {
        var detail = new GeminiAdapter().ReadError(Bytes("error_400_api_key.json"));

        Assert.That(detail.CredentialRejected, Is.True);
        Assert.That(detail.RetryAfter, Is.Null);
    }

    [TestCase("error_400.json")]
    [TestCase("error_401.json")]
    [TestCase("error_403.json")]
    [TestCase("error_429.json")]
    [TestCase("error_500.json")]
    public void Does_not_mark_other_errors_as_a_rejected_credential(string fixture)
    {
        Assert.That(new GeminiAdapter().ReadError(Bytes(fixture)).CredentialRejected, Is.False);
    }

    [Test]
    public void Reads_the_retry_delay_of_a_quota_error()
    {
        Assert.That(new GeminiAdapter().ReadError(Bytes("error_429.json")).RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(37)));
    }

    [Test]
    public void Reads_a_fractional_retry_delay()
    {
        var detail = GeminiErrorReader.Read("""{"error":{"code":429,"message":"m","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}]}}"""u8);

        Assert.That(detail.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
    }

    [Test]
    public void Maps_an_invalid_api_key_to_the_gateways_upstream_auth_failure_not_the_clients_400()
    {
        var error = UpstreamErrorMapper.Map(400, new GeminiAdapter().ReadError(Bytes("error_400_api_key.json")), ProviderId, null, Target().ApiKey);

        Assert.That(error.StatusCode, Is.EqualTo(502));
        Assert.That(error.Code, Is.EqualTo("upstream_auth_failed"));
        Assert.That(error.Message, Does.Not.Contain("API key not valid"));
    }

    [Test]
    public void Maps_a_quota_error_with_the_bodys_retry_delay_when_no_header_came()
    {
        var error = UpstreamErrorMapper.Map(429, new GeminiAdapter().ReadError(Bytes("error_429.json")), ProviderId, null, Target().ApiKey);

        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(37)));
    }

    [Test]
    public void Prefers_the_retry_after_header_over_the_bodys_delay()
    {
        var error = UpstreamErrorMapper.Map(429, new GeminiAdapter().ReadError(Bytes("error_429.json")), ProviderId, TimeSpan.FromSeconds(5), Target().ApiKey);

        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [TestCase("error_400.json", 400, GatewayErrorTypes.InvalidRequest, "INVALID_ARGUMENT")]
    [TestCase("error_401.json", 502, GatewayErrorTypes.Upstream, "upstream_auth_failed")]
    [TestCase("error_403.json", 502, GatewayErrorTypes.Upstream, "upstream_auth_failed")]
    [TestCase("error_429.json", 429, GatewayErrorTypes.RateLimit, "RESOURCE_EXHAUSTED")]
    [TestCase("error_500.json", 502, GatewayErrorTypes.Upstream, "upstream_error")]
    [TestCase("error_503.json", 503, GatewayErrorTypes.Upstream, "upstream_unavailable")]
    public void Maps_to_the_gateways_error_with_the_status_kept_where_it_means_the_same(string fixture, int expectedStatus, string type, string code)
    {
        var status = int.Parse(fixture.AsSpan(6, 3), System.Globalization.CultureInfo.InvariantCulture);

        var error = UpstreamErrorMapper.Map(status, new GeminiAdapter().ReadError(Bytes(fixture)), ProviderId, null, Target().ApiKey);

        Assert.That(error.StatusCode, Is.EqualTo(expectedStatus));
        Assert.That(error.Type, Is.EqualTo(type));
        Assert.That(error.Code, Is.EqualTo(code));
    }

    [Test]
    public void Reads_an_error_wrapped_in_an_array()
    {
        var detail = GeminiErrorReader.Read("""[{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}]"""u8);

        Assert.That(detail, Is.EqualTo(new UpstreamErrorDetail("Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED")));
    }

    [TestCase("")]
    [TestCase("<html>Bad Gateway</html>")]
    [TestCase("{\"unexpected\": true}")]
    public void Yields_an_empty_detail_for_a_body_that_is_not_a_google_error(string body)
    {
        Assert.That(GeminiErrorReader.Read(System.Text.Encoding.UTF8.GetBytes(body)), Is.EqualTo(default(UpstreamErrorDetail)));
    }
}
