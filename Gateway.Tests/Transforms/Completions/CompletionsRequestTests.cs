using Gateway.Transforms.Completions;

namespace Gateway.Tests.Transforms.Completions;

/// <summary>Parsing a legacy completions body: prompt shapes, the fields a chat translation cannot carry, 400s naming the field.</summary>
[TestFixture]
public sealed class CompletionsRequestTests
{
    [TestCase("""{"model":"m","prompt":"hi"}""", CompletionsPromptKind.Text, 1)]
    [TestCase("""{"model":"m","prompt":["hi"]}""", CompletionsPromptKind.Text, 1)]
    [TestCase("""{"model":"m","prompt":["a","b"]}""", CompletionsPromptKind.Texts, 2)]
    [TestCase("""{"model":"m","prompt":[1,2,3]}""", CompletionsPromptKind.Tokens, 0)]
    [TestCase("""{"model":"m","prompt":[[1,2],[3]]}""", CompletionsPromptKind.TokenArrays, 0)]
    public void Reads_every_prompt_shape(string json, CompletionsPromptKind kind, int texts)
    {
        using var request = Parse(json).Request!;

        Assert.That((request.PromptKind, request.Texts.Count), Is.EqualTo((kind, texts)));
    }

    [TestCase("""{"prompt":"x"}""", "model")]
    [TestCase("""{"model":"m"}""", "prompt")]
    [TestCase("""{"model":"m","prompt":[]}""", "prompt")]
    [TestCase("""{"model":"m","prompt":["a",1]}""", "prompt[1]")]
    [TestCase("""{"model":"m","prompt":"x","logprobs":21}""", "logprobs")]
    [TestCase("""{"model":"m","prompt":"x","suffix":3}""", "suffix")]
    [TestCase("""{"model":"m","prompt":"x","n":0}""", "n")]
    [TestCase("""{"model":"m","prompt":"x","stream_options":{"include_usage":"yes"}}""", "stream_options.include_usage")]
    public void Refuses_bad_input_naming_the_field(string json, string param)
    {
        var parsed = Parse(json);

        Assert.That(parsed.Request, Is.Null);
        Assert.That((parsed.Error!.StatusCode, parsed.Error.Param), Is.EqualTo((400, param)));
    }

    [Test]
    public void Becomes_one_user_message_with_the_shared_fields_for_a_chat_provider()
    {
        using var request = Parse("""{"model":"m","prompt":"Say hi","max_tokens":5,"temperature":0.2,"stop":["\n"],"stream":true,"stream_options":{"include_usage":true},"models":["m"]}""").Request!;

        var chat = request.AsChat(10).Request!;

        Assert.Multiple(() =>
        {
            Assert.That(chat.MessageCount, Is.EqualTo(1));
            Assert.That(chat.Root.GetProperty("messages")[0].GetProperty("content").GetString(), Is.EqualTo("Say hi"));
            Assert.That(chat.Root.GetProperty("messages")[0].GetProperty("role").GetString(), Is.EqualTo("user"));
            Assert.That((chat.MaxTokens, chat.Stream, chat.IncludeUsage), Is.EqualTo(((int?)5, true, true)));
            Assert.That(chat.Root.GetProperty("stop")[0].GetString(), Is.EqualTo("\n"));
            Assert.That(chat.Root.TryGetProperty("prompt", out _), Is.False);
            Assert.That(ReferenceEquals(chat, request.AsChat(10).Request), Is.True, "made once");
        });
    }

    [TestCase("""{"model":"m","prompt":"x","echo":true}""", "echo")]
    [TestCase("""{"model":"m","prompt":"x","logprobs":0}""", "logprobs")]
    [TestCase("""{"model":"m","prompt":"x","suffix":"y"}""", "suffix")]
    [TestCase("""{"model":"m","prompt":"x","best_of":2}""", "best_of")]
    [TestCase("""{"model":"m","prompt":[1,2]}""", "prompt")]
    public void Names_what_a_chat_translation_cannot_carry(string json, string param)
    {
        using var request = Parse(json).Request!;

        Assert.That(CompletionsChatLimits.Check(request, "anthropic")!.Param, Is.EqualTo(param));
    }

    [Test]
    public void Carries_an_empty_suffix_and_false_echo_without_refusal()
    {
        using var request = Parse("""{"model":"m","prompt":"x","suffix":"","echo":false,"logprobs":null,"best_of":1}""").Request!;

        Assert.That(CompletionsChatLimits.Check(request, "anthropic"), Is.Null);
    }

    private static CompletionsRequestParseResult Parse(string json) => CompletionsRequest.Parse(Encoding.UTF8.GetBytes(json), 10);
}
