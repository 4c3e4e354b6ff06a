using Gateway.Tests.Infrastructure;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Providers.Anthropic;

namespace Gateway.Tests.Transforms.Anthropic;

/// <summary>What each Anthropic error answer counts against: <c>authentication_error</c> is the credential's; a <c>permission_error</c> or an unknown model is the request's.</summary>
[TestFixture]
public sealed class AnthropicErrorClassificationTests
{
    [TestCase("error-401.json", 401, UpstreamFailureScope.Credential)]
    [TestCase("error-403.json", 403, UpstreamFailureScope.Request)]
    [TestCase("error-404.json", 404, UpstreamFailureScope.Request)]
    [TestCase("error-400.json", 400, UpstreamFailureScope.Request)]
    [TestCase("error-429.json", 429, UpstreamFailureScope.RateLimit)]
    [TestCase("error-500.json", 500, UpstreamFailureScope.Provider)]
    [TestCase("error-529.json", 529, UpstreamFailureScope.Provider)]
    public void Classifies_an_error_answer_by_what_it_is_about(string fixture, int status, UpstreamFailureScope expected)
    {
        var adapter = new AnthropicAdapter();
        using var response = new HttpResponseMessage();

        var scope = adapter.ClassifyError(status, response.Headers, adapter.ReadError(Fixture.Bytes("Anthropic", fixture)));

        Assert.That(scope, Is.EqualTo(expected));
    }
}
