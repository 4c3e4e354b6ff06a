using Gateway.Tests.Infrastructure;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Providers.Cohere;

namespace Gateway.Tests.Transforms.Cohere;

/// <summary>What each Cohere error answer counts against: a 401 "invalid api token" is the credential's; blocked input, a cancelled request or an unknown model the request's.</summary>
[TestFixture]
public sealed class CohereErrorClassificationTests
{
    [TestCase(401, UpstreamFailureScope.Credential)]
    [TestCase(400, UpstreamFailureScope.Request)]
    [TestCase(404, UpstreamFailureScope.Request)]
    [TestCase(498, UpstreamFailureScope.Request)]
    [TestCase(499, UpstreamFailureScope.Request)]
    [TestCase(429, UpstreamFailureScope.RateLimit)]
    [TestCase(500, UpstreamFailureScope.Provider)]
    [TestCase(503, UpstreamFailureScope.Provider)]
    public void Classifies_an_error_answer_by_what_it_is_about(int status, UpstreamFailureScope expected)
    {
        var adapter = new CohereAdapter();
        using var response = new HttpResponseMessage();

        var scope = adapter.ClassifyError(status, response.Headers, adapter.ReadError(Fixture.Bytes("Cohere", "Errors", $"{status}.json")));

        Assert.That(scope, Is.EqualTo(expected));
    }
}
