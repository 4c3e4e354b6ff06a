using System.Collections.Frozen;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Providers.Azure;

namespace Gateway.Tests.Transforms.Azure;

/// <summary>Azure's URL forms, auth headers, and its streams and errors through the composed OpenAI parts.</summary>
[TestFixture]
public sealed class AzureOpenAiAdapterTests
{
    private static UpstreamTarget Target(string model = "gpt-4o prod", params (string Name, string Value)[] settings) => new()
    {
        ProviderId = "azure",
        Kind = "azure",
        Model = model,
        ApiKey = "azure-secret-key-123",
        Settings = settings.ToFrozenDictionary(s => s.Name, s => s.Value, StringComparer.OrdinalIgnoreCase),
    };

    [Test]
    public void Addresses_the_deployment_with_the_default_api_version()
    {
        var uri = AzureOpenAiEndpoint.ChatCompletions("https://res.openai.azure.com/", Target());

        Assert.That(uri.AbsoluteUri, Is.EqualTo("https://res.openai.azure.com/openai/deployments/gpt-4o%20prod/chat/completions?api-version=2024-10-21"));
    }

    [TestCase("../../openai/files?x=1#", "/openai/deployments/..%2F..%2Fopenai%2Ffiles%3Fx%3D1%23/chat/completions")]
    [TestCase("prod/../../v1/models", "/openai/deployments/prod%2F..%2F..%2Fv1%2Fmodels/chat/completions")]
    [TestCase("a%2Fb c", "/openai/deployments/a%252Fb%20c/chat/completions")]
    public void Escapes_a_hostile_deployment_name_into_one_path_segment(string deployment, string path)
    {
        var uri = AzureOpenAiEndpoint.ChatCompletions("https://res.openai.azure.com", Target(deployment));

        Assert.That(uri.Host, Is.EqualTo("res.openai.azure.com"));
        Assert.That(uri.AbsolutePath, Is.EqualTo(path));
        Assert.That(uri.Query, Is.EqualTo("?api-version=2024-10-21"));
        Assert.That(uri.Fragment, Is.Empty);
    }

    [TestCase(".")]
    [TestCase("..")]
    public void Refuses_a_dot_segment_deployment_that_no_escaping_keeps_in_the_path(string deployment)
    {
        using var request = ChatRequestOf("""{"model":"x","messages":[{"role":"user","content":"hi"}]}""");
        using var body = new PooledByteBufferWriter();

        var error = new AzureOpenAiAdapter().WriteRequestBody(request, Target(deployment), body);

        RefusalAssert.IsBadRequestNaming(error, "model");
        Assert.That(body.WrittenCount, Is.Zero);
        Assert.That(new AzureOpenAiAdapter().WriteRequestBody(request, Target(deployment, ("ApiStyle", "v1")), body), Is.Null,
            "the v1 style carries the model in the body, not the path");
    }

    private static Gateway.Transforms.OpenAI.ChatRequest ChatRequestOf(string json) =>
        Gateway.Transforms.OpenAI.ChatRequest.Parse(Encoding.UTF8.GetBytes(json)).Request!;

    [Test]
    public void Addresses_the_v1_api_without_a_version()
    {
        var uri = AzureOpenAiEndpoint.ChatCompletions("https://res.openai.azure.com", Target("gpt-4o", ("ApiStyle", "v1"), ("ApiVersion", "ignored")));

        Assert.That(uri.AbsoluteUri, Is.EqualTo("https://res.openai.azure.com/openai/v1/chat/completions"));
    }

    [Test]
    public void Sends_the_key_as_api_key_by_default_and_as_a_bearer_token_when_configured()
    {
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "http://placeholder");
        new AzureOpenAiAdapter().PrepareRequest(keyed, "https://res.openai.azure.com", Target(), stream: false, ReadOnlyMemory<byte>.Empty);
        Assert.That(keyed.Headers.GetValues("api-key").Single(), Is.EqualTo("azure-secret-key-123"));
        Assert.That(keyed.Headers.Authorization, Is.Null);

        using var bearer = new HttpRequestMessage(HttpMethod.Post, "http://placeholder");
        new AzureOpenAiAdapter().PrepareRequest(bearer, "https://res.openai.azure.com", Target("m", ("AuthHeader", "bearer")), stream: true, ReadOnlyMemory<byte>.Empty);
        Assert.That(bearer.Headers.Authorization!.ToString(), Is.EqualTo("Bearer azure-secret-key-123"));
        Assert.That(bearer.Headers.Contains("api-key"), Is.False);
        Assert.That(bearer.Headers.Accept.Single().MediaType, Is.EqualTo("text/event-stream"));
    }

    [Test]
    public void Converts_a_stream_split_at_every_byte_offset_like_the_whole_stream()
    {
        var context = new ResponseContext { ResponseId = "gen-1", Created = 1, ProviderId = "azure", Model = "m", IncludeUsage = true };

        var whole = Encoding.UTF8.GetString(TranscoderRun.AssertSameAtEverySplit(
            outcome => new AzureOpenAiAdapter().CreateStreamTranscoder(context, outcome), Fixture.Bytes("Azure", "chat-text.stream.sse")));

        Assert.That(whole, Does.Not.Contain("prompt_filter_results").And.Not.Contain("\"object\":\"\""));
        Assert.That(whole, Does.EndWith("data: [DONE]\n\n"));
    }

    [Test]
    public void Reads_a_content_filter_error_with_its_code_and_message()
    {
        var detail = new AzureOpenAiAdapter().ReadError(Fixture.Bytes("Azure", "error-400-content-filter.json"));

        Assert.That(detail.Code, Is.EqualTo("content_filter"));
        Assert.That(detail.Message, Does.StartWith("The response was filtered due to the prompt triggering Azure OpenAI's content management policy."));
        Assert.That(detail.CredentialRejected, Is.False);
    }

    [Test]
    public void Reads_a_rate_limit_error_code_given_as_a_string()
    {
        var detail = new AzureOpenAiAdapter().ReadError(Fixture.Bytes("Azure", "error-429.json"));

        Assert.That(detail.Code, Is.EqualTo("429"));
        Assert.That(detail.Message, Does.Contain("Please retry after 7 seconds"));
    }
}
