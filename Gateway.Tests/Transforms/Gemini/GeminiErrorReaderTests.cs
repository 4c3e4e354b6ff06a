using Gateway.Transforms.Adapters;
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

        Assert.That(detail, Is.EqualTo(new UpstreamErrorDetail(message, status, status)));
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
