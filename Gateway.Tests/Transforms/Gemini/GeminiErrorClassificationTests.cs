using Gateway.Tests.Infrastructure;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Providers.Gemini;

namespace Gateway.Tests.Transforms.Gemini;

/// <summary>
/// What each Gemini error answer counts against: Google refuses a key with a 400 <c>API_KEY_INVALID</c> (and other
/// <c>ErrorInfo</c> reasons), which is the credential's, while a 400 about the request, a tuned model the key may not
/// use or an unknown model is the request's.
/// </summary>
[TestFixture]
public sealed class GeminiErrorClassificationTests
{
    [TestCase("error_400_api_key.json", 400, UpstreamFailureScope.Credential)]
    [TestCase("error_401.json", 401, UpstreamFailureScope.Credential)]
    [TestCase("error_403.json", 403, UpstreamFailureScope.Credential)]
    [TestCase("error_403_api_key_service_blocked.json", 403, UpstreamFailureScope.Credential)]
    [TestCase("error_403_tuned_model.json", 403, UpstreamFailureScope.Request)]
    [TestCase("error_404.json", 404, UpstreamFailureScope.Request)]
    [TestCase("error_400.json", 400, UpstreamFailureScope.Request)]
    [TestCase("error_429.json", 429, UpstreamFailureScope.RateLimit)]
    [TestCase("error_500.json", 500, UpstreamFailureScope.Provider)]
    [TestCase("error_503.json", 503, UpstreamFailureScope.Provider)]
    public void Classifies_an_error_answer_by_what_it_is_about(string fixture, int status, UpstreamFailureScope expected)
    {
        var adapter = new GeminiAdapter();
        using var response = new HttpResponseMessage();

        var scope = adapter.ClassifyError(status, response.Headers, adapter.ReadError(Fixture.Bytes("Gemini", fixture)));

        Assert.That(scope, Is.EqualTo(expected));
    }
}
