using Gateway.Tests.Infrastructure;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Providers.Azure;

namespace Gateway.Tests.Transforms.Azure;

/// <summary>What each Azure OpenAI error answer counts against: access is per resource, so a 401 or 403 is the credential's; an unknown deployment is the request's.</summary>
[TestFixture]
public sealed class AzureOpenAiErrorClassificationTests
{
    [TestCase("error-401.json", 401, UpstreamFailureScope.Credential)]
    [TestCase("error-403-permission-denied.json", 403, UpstreamFailureScope.Credential)]
    [TestCase("error-404-deployment-not-found.json", 404, UpstreamFailureScope.Request)]
    [TestCase("error-400-content-filter.json", 400, UpstreamFailureScope.Request)]
    [TestCase("error-429.json", 429, UpstreamFailureScope.RateLimit)]
    [TestCase("error-500.json", 500, UpstreamFailureScope.Provider)]
    public void Classifies_an_error_answer_by_what_it_is_about(string fixture, int status, UpstreamFailureScope expected)
    {
        var adapter = new AzureOpenAiAdapter();
        using var response = new HttpResponseMessage();

        var scope = adapter.ClassifyError(status, response.Headers, adapter.ReadError(Fixture.Bytes("Azure", fixture)));

        Assert.That(scope, Is.EqualTo(expected));
    }
}
