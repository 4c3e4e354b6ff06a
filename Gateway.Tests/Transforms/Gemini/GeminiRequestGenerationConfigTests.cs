using System.Collections.Frozen;
using static Gateway.Tests.Transforms.Gemini.GeminiFixtures;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Gemini;

[TestFixture]
public sealed class GeminiRequestGenerationConfigTests
{
    [Test]
    public void Maps_max_tokens_sampling_stop_sequences_candidates_seed_and_penalties() => AssertWritesRecorded("request_generation");

    [Test]
    public void Sends_a_single_stop_string_as_a_one_item_list()
    {
        AssertJsonEqual(JsonNode.Parse("""{"stopSequences":["END"]}"""), GenerationConfig("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stop":"END"}"""));
    }

    [Test]
    public void Rejects_more_than_five_stop_sequences_naming_stop()
    {
        var error = Refusal("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stop":["a","b","c","d","e","f"]}""");

        Assert.That(error.Param, Is.EqualTo("stop"));
    }

    [Test]
    public void Uses_the_targets_default_max_tokens_when_the_client_sets_none()
    {
        AssertJsonEqual(JsonNode.Parse("""{"maxOutputTokens":1024}"""), GenerationConfig("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", Target(defaultMaxTokens: 1024)));
    }

    [Test]
    public void Sends_no_generation_config_when_nothing_is_set()
    {
        var body = WriteBody("""{"model":"m","messages":[{"role":"user","content":"hi"}],"n":1,"temperature":null}""");

        Assert.That(body.AsObject().ContainsKey("generationConfig"), Is.False);
    }

    [Test]
    public void Passes_temperature_and_top_p_through()
    {
        AssertJsonEqual(JsonNode.Parse("""{"temperature":0,"topP":1}"""), GenerationConfig("""{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0,"top_p":1}"""));
    }

    [Test]
    public void Rejects_a_seed_outside_the_32_bit_range()
    {
        var error = Refusal("""{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":4294967296}""");

        Assert.That(error.Param, Is.EqualTo("seed"));
    }

    [Test]
    public void Asks_for_json_output_in_json_object_mode() => AssertWritesRecorded("request_json_object");

    [Test]
    public void Sends_the_json_schema_as_response_json_schema_in_json_schema_mode() => AssertWritesRecorded("request_json_schema");

    [Test]
    public void Asks_for_thought_summaries_when_the_provider_setting_says_so()
    {
        var target = Target(settings: new Dictionary<string, string> { ["IncludeThoughts"] = "true" }.ToFrozenDictionary());

        AssertJsonEqual(JsonNode.Parse("""{"thinkingConfig":{"includeThoughts":true}}"""), GenerationConfig("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", target));
    }
}
