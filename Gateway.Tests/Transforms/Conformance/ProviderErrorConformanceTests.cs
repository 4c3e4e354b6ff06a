using Gateway.Transforms.Providers.Bedrock;
using Gateway.Transforms.Providers.OpenAi;

namespace Gateway.Tests.Transforms.Conformance;

/// <summary>
/// What every provider's recorded error answers count against, in one table: a credential the provider refused
/// (OpenAI's <c>invalid_api_key</c>, Gemini's <c>API_KEY_INVALID</c>, Anthropic's <c>authentication_error</c>, AWS's
/// <c>UnrecognizedClientException</c>), a rate limit, the provider's own fault, or the request (which never counts
/// against the provider: a model the account may not use, a bad body, a content filter).
/// </summary>
[TestFixture]
public sealed class ProviderErrorConformanceTests
{
    private static IEnumerable<TestCaseData> Answers()
    {
        // provider (fixture folder), fixture, status, AWS's x-amzn-ErrorType header, what it counts against
        (string, string, int, string?, UpstreamFailureScope)[] table =
        [
            ("OpenAi", "error-401.json", 401, null, UpstreamFailureScope.Credential),
            ("OpenAi", "error-403-unsupported-country.json", 403, null, UpstreamFailureScope.Credential),
            ("OpenAi", "error-403-model-not-found.json", 403, null, UpstreamFailureScope.Request),
            ("OpenAi", "error-404-model-not-found.json", 404, null, UpstreamFailureScope.Request),
            ("OpenAi", "error-400.json", 400, null, UpstreamFailureScope.Request),
            ("OpenAi", "error-400.json", 413, null, UpstreamFailureScope.Request),
            ("OpenAi", "error-400.json", 422, null, UpstreamFailureScope.Request),
            ("OpenAi", "error-429.json", 429, null, UpstreamFailureScope.RateLimit),
            ("OpenAi", "error-500.json", 500, null, UpstreamFailureScope.Provider),
            ("OpenAi", "error-500.json", 503, null, UpstreamFailureScope.Provider),
            ("Azure", "error-401.json", 401, null, UpstreamFailureScope.Credential),
            ("Azure", "error-403-permission-denied.json", 403, null, UpstreamFailureScope.Credential),
            ("Azure", "error-404-deployment-not-found.json", 404, null, UpstreamFailureScope.Request),
            ("Azure", "error-400-content-filter.json", 400, null, UpstreamFailureScope.Request),
            ("Azure", "error-429.json", 429, null, UpstreamFailureScope.RateLimit),
            ("Azure", "error-500.json", 500, null, UpstreamFailureScope.Provider),
            ("Anthropic", "error-401.json", 401, null, UpstreamFailureScope.Credential),
            ("Anthropic", "error-403.json", 403, null, UpstreamFailureScope.Request),
            ("Anthropic", "error-404.json", 404, null, UpstreamFailureScope.Request),
            ("Anthropic", "error-400.json", 400, null, UpstreamFailureScope.Request),
            ("Anthropic", "error-429.json", 429, null, UpstreamFailureScope.RateLimit),
            ("Anthropic", "error-500.json", 500, null, UpstreamFailureScope.Provider),
            ("Anthropic", "error-529.json", 529, null, UpstreamFailureScope.Provider),
            ("Gemini", "error_400_api_key.json", 400, null, UpstreamFailureScope.Credential),
            ("Gemini", "error_401.json", 401, null, UpstreamFailureScope.Credential),
            ("Gemini", "error_403.json", 403, null, UpstreamFailureScope.Credential),
            ("Gemini", "error_403_api_key_service_blocked.json", 403, null, UpstreamFailureScope.Credential),
            ("Gemini", "error_403_tuned_model.json", 403, null, UpstreamFailureScope.Request),
            ("Gemini", "error_404.json", 404, null, UpstreamFailureScope.Request),
            ("Gemini", "error_400.json", 400, null, UpstreamFailureScope.Request),
            ("Gemini", "error_429.json", 429, null, UpstreamFailureScope.RateLimit),
            ("Gemini", "error_500.json", 500, null, UpstreamFailureScope.Provider),
            ("Gemini", "error_503.json", 503, null, UpstreamFailureScope.Provider),
            ("Cohere", "Errors/401.json", 401, null, UpstreamFailureScope.Credential),
            ("Cohere", "Errors/400.json", 400, null, UpstreamFailureScope.Request),
            ("Cohere", "Errors/404.json", 404, null, UpstreamFailureScope.Request),
            ("Cohere", "Errors/498.json", 498, null, UpstreamFailureScope.Request),
            ("Cohere", "Errors/499.json", 499, null, UpstreamFailureScope.Request),
            ("Cohere", "Errors/429.json", 429, null, UpstreamFailureScope.RateLimit),
            ("Cohere", "Errors/500.json", 500, null, UpstreamFailureScope.Provider),
            ("Cohere", "Errors/503.json", 503, null, UpstreamFailureScope.Provider),
            ("Bedrock", "Errors/403-UnrecognizedClientException.json", 403, "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/", UpstreamFailureScope.Credential),
            ("Bedrock", "Errors/403-UnrecognizedClientException.json", 403, "InvalidSignatureException", UpstreamFailureScope.Credential),
            ("Bedrock", "Errors/403-UnrecognizedClientException.json", 403, "ExpiredTokenException", UpstreamFailureScope.Credential),
            ("Bedrock", "Errors/401-bearer-token.json", 401, null, UpstreamFailureScope.Credential),
            ("Bedrock", "Errors/403-AccessDeniedException.json", 403, "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/", UpstreamFailureScope.Request),
            ("Bedrock", "Errors/400-ValidationException.json", 400, "ValidationException", UpstreamFailureScope.Request),
            ("Bedrock", "Errors/429-ThrottlingException.json", 429, "ThrottlingException", UpstreamFailureScope.RateLimit),
            ("Bedrock", "Errors/424-ModelErrorException.json", 424, "ModelErrorException", UpstreamFailureScope.Provider),
            ("Bedrock", "Errors/500-InternalServerException.json", 500, "InternalServerException", UpstreamFailureScope.Provider),
            ("Bedrock", "Errors/503-ServiceUnavailableException.json", 503, "ServiceUnavailableException", UpstreamFailureScope.Provider),
        ];
        foreach (var (provider, fixture, status, awsType, scope) in table)
        {
            yield return new TestCaseData(provider, fixture, status, awsType).Returns(scope)
                .SetName($"Classifies_{provider}_{status}_{Path.GetFileNameWithoutExtension(fixture)}{(awsType is null ? "" : "_" + awsType.Split(':')[0])}");
        }
    }

    [TestCaseSource(nameof(Answers))]
    public UpstreamFailureScope Classifies_an_error_answer_by_what_it_is_about(string provider, string fixture, int status, string? awsErrorType)
    {
        var rig = ProviderRigs.For(provider);
        using var response = new HttpResponseMessage();
        if (awsErrorType is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", awsErrorType);
        }

        return rig.Adapter.ClassifyError(status, response.Headers, rig.Adapter.ReadError(rig.Bytes(fixture.Split('/'))));
    }

    [Test]
    public void Reads_aws_error_type_from_the_body_when_the_header_is_missing()
    {
        var adapter = new BedrockAdapter();
        using var response = new HttpResponseMessage();

        var scope = adapter.ClassifyError(403, response.Headers,
            adapter.ReadError("""{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}"""u8));

        Assert.That(scope, Is.EqualTo(UpstreamFailureScope.Credential));
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
