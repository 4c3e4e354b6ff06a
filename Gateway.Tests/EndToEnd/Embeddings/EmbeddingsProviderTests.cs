using System.Net.Http.Json;
using OpenAI.Embeddings;

namespace Gateway.Tests.EndToEnd.Embeddings;

/// <summary>
/// The OpenAI .NET SDK's <see cref="EmbeddingClient"/> (which asks for base64) against every provider kind that serves
/// embeddings, each played with its own wire format; raw HTTP where the SDK cannot ask (floats).
/// </summary>
[TestFixture]
public sealed class EmbeddingsProviderTests : SingleProviderFixture
{
    private static readonly float[] First = [0.0023064255f, -0.009327292f, -0.0028842222f, 0.021254f];
    private static readonly float[] Second = [-0.011265437f, 0.0047152987f, 0.015508985f, -0.0049357624f];
    private static readonly string[] Texts = ["the sky is blue", "grass is green"];

    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "azure": { "Kind": "azure", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "azure-v1": { "Kind": "azure", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}", "Settings": { "ApiStyle": "v1" } },
        "gemini": { "Kind": "gemini", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "cohere": { "Kind": "cohere", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "bedrock": { "Kind": "bedrock", "BaseUrl": "{{Provider.Url}}",
                     "Settings": { "SigningRegion": "us-east-1", "AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" } },
        "mistral": { "Kind": "mistral", "BaseUrl": "{{Provider.Url}}/mistral/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "groq": { "Kind": "groq", "BaseUrl": "{{Provider.Url}}/groq/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" }
        """;

    protected override string ModelsJson => """
        "small": { "Targets": [ { "Provider": "openai", "Model": "text-embedding-3-small" } ] },
        "azure-emb": { "Targets": [ { "Provider": "azure", "Model": "emb-prod", "Kinds": ["embeddings"] } ] },
        "azure-emb-v1": { "Targets": [ { "Provider": "azure-v1", "Model": "text-embedding-3-small", "Kinds": ["embeddings"] } ] },
        "gemini-emb": { "Targets": [ { "Provider": "gemini", "Model": "gemini-embedding-001" } ] },
        "cohere-emb": { "Targets": [ { "Provider": "cohere", "Model": "embed-v4.0" } ] },
        "titan": { "Targets": [ { "Provider": "bedrock", "Model": "amazon.titan-embed-text-v2:0" } ] },
        "bedrock-cohere": { "Targets": [ { "Provider": "bedrock", "Model": "cohere.embed-english-v3" } ] },
        "mistral-emb": { "Targets": [ { "Provider": "mistral", "Model": "mistral-embed" } ] },
        "groq-emb": { "Targets": [ { "Provider": "groq", "Model": "some-embedder", "Kinds": ["embeddings"] } ] }
        """;

    protected override string? CatalogJson => EmbeddingsCatalog.Json;

    private EmbeddingClient Client(string model) => Gateway.OpenAIClient().GetEmbeddingClient(model);

    [Test]
    public async Task OpenAi_passes_the_sdks_base64_request_through_and_answers_base64()
    {
        Provider.Reply("/v1/embeddings", 200, Fixture.Text("OpenAi", "embeddings-base64.response.json"));

        var result = await Client("small").GenerateEmbeddingsAsync(Texts, new EmbeddingGenerationOptions { Dimensions = 4, EndUserId = "user-7" });

        AssertVectors(result.Value);
        Assert.That(result.Value.Usage.InputTokenCount, Is.EqualTo(8));
        var body = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo("text-embedding-3-small"));
            Assert.That(body["encoding_format"]!.GetValue<string>(), Is.EqualTo("base64"));
            Assert.That(body["dimensions"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(body["user"]!.GetValue<string>(), Is.EqualTo("user-7"));
            Assert.That(body["input"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(Texts));
            Assert.That(Provider.LastHeaders()["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
        });
    }

    [Test]
    public async Task Answers_floats_to_a_client_that_asks_for_floats_and_packs_them_for_one_that_asks_for_base64()
    {
        Provider.Reply("/v1/embeddings", 200, Fixture.Text("OpenAi", "embeddings.response.json"));

        using var floats = await Gateway.Http.PostAsJsonAsync("/v1/embeddings", new { model = "small", input = Texts, encoding_format = "float" });
        var answer = JsonNode.Parse(await floats.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(floats.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(answer["object"]!.GetValue<string>(), Is.EqualTo("list"));
            Assert.That(answer["data"]![1]!["index"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(answer["data"]![0]!["embedding"]!.AsArray().Select(n => n!.GetValue<float>()), Is.EqualTo(First));
            Assert.That(answer["usage"]!["prompt_tokens"]!.GetValue<int>(), Is.EqualTo(8));
            Assert.That(floats.Headers.GetValues("x-request-id").Single(), Does.StartWith("gen-"), "the gateway's id: the embeddings shape has no id field");
        });

        // The upstream answered floats, the SDK asked for base64: the gateway packs little-endian float32.
        var result = await Client("small").GenerateEmbeddingsAsync(Texts);
        AssertVectors(result.Value);
    }

    [Test]
    public async Task Azure_uses_the_deployment_url_with_the_api_key_header()
    {
        Provider.Reply("/openai/deployments/emb-prod/embeddings", 200, Fixture.Text("Azure", "embeddings.response.json"));

        var result = await Client("azure-emb").GenerateEmbeddingsAsync(Texts);

        AssertVectors(result.Value);
        Assert.That(Provider.LastUrl(), Does.EndWith("/openai/deployments/emb-prod/embeddings?api-version=2024-10-21"));
        Assert.That(Provider.LastHeaders()["api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
        Assert.That(Provider.LastBody()["encoding_format"]!.GetValue<string>(), Is.EqualTo("base64"));
    }

    [Test]
    public async Task Azure_v1_style_puts_the_model_in_the_body()
    {
        Provider.Reply("/openai/v1/embeddings", 200, Fixture.Text("Azure", "embeddings.response.json"));

        var result = await Client("azure-emb-v1").GenerateEmbeddingsAsync(Texts);

        AssertVectors(result.Value);
        Assert.That(Provider.LastUrl(), Does.EndWith("/openai/v1/embeddings"));
        Assert.That(Provider.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("text-embedding-3-small"));
    }

    [Test]
    public async Task Gemini_gets_one_batch_request_per_input_with_dimensions_and_task_type()
    {
        Provider.Reply("/v1beta/models/gemini-embedding-001:batchEmbedContents", 200, Fixture.Text("Gemini", "embeddings.response.json"));

        var result = await Client("gemini-emb").GenerateEmbeddingsAsync(Texts, new EmbeddingGenerationOptions { Dimensions = 4 });

        AssertVectors(result.Value);
        var requests = Provider.LastBody()["requests"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(requests, Has.Count.EqualTo(2));
            Assert.That(requests[0]!["model"]!.GetValue<string>(), Is.EqualTo("models/gemini-embedding-001"));
            Assert.That(requests[1]!["content"]!["parts"]![0]!["text"]!.GetValue<string>(), Is.EqualTo(Texts[1]));
            Assert.That(requests[0]!["outputDimensionality"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(Provider.LastHeaders()["x-goog-api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
            // Gemini reports no usage; the answer says what the provider said (nothing).
            Assert.That(result.Value.Usage.InputTokenCount, Is.EqualTo(0));
        });

        using var withTask = await Gateway.Http.PostAsJsonAsync("/v1/embeddings", new { model = "gemini-emb", input = Texts, input_type = "search_query" });
        Assert.That(withTask.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Provider.LastBody()["requests"]![0]!["taskType"]!.GetValue<string>(), Is.EqualTo("RETRIEVAL_QUERY"));
    }

    [Test]
    public async Task Gemini_refuses_token_ids_naming_input()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/embeddings", new { model = "gemini-emb", input = new[] { 1234, 5678 } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("input"));
        Assert.That(Provider.Requests, Is.Empty, "refused before sending");
    }

    [Test]
    public async Task Cohere_gets_texts_input_type_and_float_embedding_types_and_bills_its_input_tokens()
    {
        Provider.Reply("/v2/embed", 200, Fixture.Text("Cohere", "embeddings.response.json"));

        var result = await Client("cohere-emb").GenerateEmbeddingsAsync(Texts, new EmbeddingGenerationOptions { Dimensions = 4 });

        AssertVectors(result.Value);
        Assert.That(result.Value.Usage.InputTokenCount, Is.EqualTo(9));
        var body = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo("embed-v4.0"));
            Assert.That(body["texts"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(Texts));
            Assert.That(body["input_type"]!.GetValue<string>(), Is.EqualTo("search_document"));
            Assert.That(body["embedding_types"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("float"));
            Assert.That(body["output_dimension"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(body.ContainsKey("encoding_format"), Is.False);
        });
    }

    [Test]
    public async Task Bedrock_titan_is_invoked_with_input_text_and_sigv4()
    {
        Provider.Reply("/model/amazon.titan-embed-text-v2:0/invoke", 200, Fixture.Text("Bedrock", "embeddings-titan-v2.response.json"));

        var result = await Client("titan").GenerateEmbeddingAsync(Texts[0], new EmbeddingGenerationOptions { Dimensions = 256 });

        Assert.That(result.Value.ToFloats().ToArray(), Is.EqualTo(First));
        var body = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(body["inputText"]!.GetValue<string>(), Is.EqualTo(Texts[0]));
            Assert.That(body["dimensions"]!.GetValue<int>(), Is.EqualTo(256));
            Assert.That(Provider.LastHeaders()["Authorization"].ToString(), Does.StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
            Assert.That(Provider.LastHeaders()["Authorization"].ToString(), Does.Contain("/us-east-1/bedrock/aws4_request"));
        });
    }

    [Test]
    public async Task Bedrock_titan_takes_one_input_per_request()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/embeddings", new { model = "titan", input = Texts });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("input"));
    }

    [Test]
    public async Task Bedrock_cohere_is_invoked_with_cohere_fields_and_bills_the_token_count_header()
    {
        Provider.Reply("/model/cohere.embed-english-v3/invoke", 200, Fixture.Text("Bedrock", "embeddings-cohere.response.json"),
            headers: new Dictionary<string, string> { ["X-Amzn-Bedrock-Input-Token-Count"] = "11" });

        var result = await Client("bedrock-cohere").GenerateEmbeddingsAsync(Texts);

        AssertVectors(result.Value);
        Assert.That(result.Value.Usage.InputTokenCount, Is.EqualTo(11));
        var body = Provider.LastBody();
        Assert.That(body["texts"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(body["input_type"]!.GetValue<string>(), Is.EqualTo("search_document"));
    }

    [Test]
    public async Task Mistral_gets_only_the_fields_it_knows_with_dimensions_renamed()
    {
        Provider.Reply("/mistral/v1/embeddings", 200, Fixture.Text("Mistral", "embeddings.response.json"));

        var result = await Client("mistral-emb").GenerateEmbeddingsAsync(Texts, new EmbeddingGenerationOptions { Dimensions = 4, EndUserId = "u" });

        AssertVectors(result.Value);
        var body = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(body["output_dimension"]!.GetValue<int>(), Is.EqualTo(4));
            Assert.That(body.ContainsKey("dimensions"), Is.False);
            Assert.That(body.ContainsKey("user"), Is.False, "Mistral answers 422 for fields outside its schema");
        });
    }

    [Test]
    public async Task A_preset_without_an_embeddings_api_is_never_sent_embeddings()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/embeddings", new { model = "groq-emb", input = "hi" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("model"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("'groq' does not serve embeddings"));
        Assert.That(Provider.Requests, Is.Empty);
    }

    private static void AssertVectors(OpenAIEmbeddingCollection collection)
    {
        Assert.That(collection, Has.Count.EqualTo(2));
        Assert.That(collection[0].ToFloats().ToArray(), Is.EqualTo(First));
        Assert.That(collection[1].ToFloats().ToArray(), Is.EqualTo(Second));
        Assert.That(collection[1].Index, Is.EqualTo(1));
    }
}
