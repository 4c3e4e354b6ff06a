using Gateway.Tests.Infrastructure;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Providers.OpenAi;

namespace Gateway.Tests.Transforms.OpenAi;

/// <summary>What each OpenAI error answer counts against: only a rejected key is the account's, a model the project may not use is the request's.</summary>
[TestFixture]
public sealed class OpenAiErrorClassificationTests
{
    [TestCase("error-401.json", 401, UpstreamFailureScope.Credential)]
    [TestCase("error-403-unsupported-country.json", 403, UpstreamFailureScope.Credential)]
    [TestCase("error-403-model-not-found.json", 403, UpstreamFailureScope.Request)]
    [TestCase("error-404-model-not-found.json", 404, UpstreamFailureScope.Request)]
    [TestCase("error-400.json", 400, UpstreamFailureScope.Request)]
    [TestCase("error-400.json", 413, UpstreamFailureScope.Request)]
    [TestCase("error-400.json", 422, UpstreamFailureScope.Request)]
    [TestCase("error-429.json", 429, UpstreamFailureScope.RateLimit)]
    [TestCase("error-500.json", 500, UpstreamFailureScope.Provider)]
    [TestCase("error-500.json", 503, UpstreamFailureScope.Provider)]
    public void Classifies_an_error_answer_by_what_it_is_about(string fixture, int status, UpstreamFailureScope expected)
    {
        var adapter = new OpenAiAdapter();
        using var response = new HttpResponseMessage();

        var scope = adapter.ClassifyError(status, response.Headers, adapter.ReadError(Fixture.Bytes("OpenAi", fixture)));

        Assert.That(scope, Is.EqualTo(expected));
    }

    [Test]
    public void Classifies_a_compatible_servers_401_without_an_openai_body_as_the_credential()
    {
        var adapter = new OpenAiAdapter(OpenAiCompatiblePresets.Mistral);
        using var response = new HttpResponseMessage();

        var scope = adapter.ClassifyError(401, response.Headers, adapter.ReadError("""{"message":"Unauthorized"}"""u8));

        Assert.That(scope, Is.EqualTo(UpstreamFailureScope.Credential));
    }
}
