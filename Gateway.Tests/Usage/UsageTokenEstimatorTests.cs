using Gateway.Policies.Tokens;
using Gateway.Proxy.Options;
using Gateway.Proxy.Usage;
using Gateway.Transforms.OpenAI;

namespace Gateway.Tests.Usage;

[TestFixture]
public sealed class UsageTokenEstimatorTests
{
    private const string Body = """
        {"model":"m","messages":[
          {"role":"system","content":"You are a helpful assistant that answers in one sentence."},
          {"role":"user","content":"How many tokens does this prompt have?"}]}
        """;

    [Test]
    public void Estimates_tokens_from_utf8_bytes_rounding_up()
    {
        var estimator = Estimator();

        Assert.That(estimator.EstimateTokens(0), Is.Zero);
        Assert.That(estimator.EstimateTokens(4), Is.EqualTo(1));
        Assert.That(estimator.EstimateTokens(401), Is.EqualTo(101), "a started token is billed");
    }

    [Test]
    public void Counts_prompts_with_the_same_tokenizer_as_routing()
    {
        using var request = ChatRequest.Parse(Encoding.UTF8.GetBytes(Body)).Request!;

        var forOpenAi = Estimator().EstimatePromptTokens(request, "gpt-4o-mini");
        var forOther = Estimator().EstimatePromptTokens(request, "claude-sonnet-4-5");

        Assert.That(forOpenAi, Is.EqualTo(TokenEstimator.EstimatePromptTokens(request.Root, TokenEncoding.O200kBase)));
        Assert.That(forOther, Is.EqualTo(TokenEstimator.EstimatePromptTokens(request.Root, TokenEncoding.Estimated)));
        Assert.That(forOpenAi, Is.InRange(20, 40));
    }

    [Test]
    public void Counts_every_prompt_by_the_byte_estimate_when_tokenizers_are_turned_off()
    {
        using var request = ChatRequest.Parse(Encoding.UTF8.GetBytes(Body)).Request!;

        var estimator = Estimator(useTokenizers: false);
        var forOpenAi = estimator.EstimatePromptTokens(request, "gpt-4o-mini");

        Assert.That(forOpenAi, Is.EqualTo(TokenEstimator.EstimatePromptTokens(request.Root, TokenEncoding.Estimated)));
        Assert.That(estimator.UsesTokenizers, Is.False);
        Assert.That(Estimator().EstimatePromptTokens(request, model: null), Is.EqualTo(forOpenAi), "no model: the byte estimate, as routing counts first");
    }

    private static UsageTokenEstimator Estimator(bool useTokenizers = true) =>
        new(new StaticOptionsMonitor<UsageOptions>(new UsageOptions { EstimatorBytesPerToken = 4 }),
            Microsoft.Extensions.Options.Options.Create(new TokenCountingOptions { UseTokenizers = useTokenizers }));
}
