using Gateway.Policies.Configuration;
using Gateway.Policies.Configuration.Sections;
using Gateway.Proxy.Forwarding;
using Gateway.Transforms.Buffers;

namespace Gateway.Tests.Forwarding;

/// <summary>A provider model's parameter mapping rewrites the provider's body: rename, drop, default, clamp, nested paths.</summary>
[TestFixture]
public sealed class ParameterMappingWriterTests
{
    [Test]
    public void Renames_a_field_in_place()
    {
        var body = Apply("""{"model":"m","max_tokens":100,"stream":false}""", ("max_tokens", new ParameterRuleDocument { Rename = "max_completion_tokens" }));

        Assert.That(body.ToJsonString(), Is.EqualTo("""{"model":"m","max_completion_tokens":100,"stream":false}"""));
    }

    [Test]
    public void A_rename_gives_way_to_the_same_field_already_in_the_body()
    {
        var body = Apply("""{"max_tokens":100,"max_completion_tokens":50}""", ("max_tokens", new ParameterRuleDocument { Rename = "max_completion_tokens" }));

        Assert.That(body.ToJsonString(), Is.EqualTo("""{"max_completion_tokens":50}"""));
    }

    [Test]
    public void Drops_a_field_with_whatever_value_it_has()
    {
        var body = Apply("""{"model":"m","logit_bias":{"50256":-100,"x":[1,{"y":2}]},"seed":7}""", ("logit_bias", new ParameterRuleDocument { Drop = true }));

        Assert.That(body.ToJsonString(), Is.EqualTo("""{"model":"m","seed":7}"""));
    }

    [Test]
    public void Sets_a_default_only_when_the_field_is_absent()
    {
        var rule = ("temperature", new ParameterRuleDocument { Default = "0.2" });

        Assert.That(Apply("""{"model":"m"}""", rule)["temperature"]!.GetValue<decimal>(), Is.EqualTo(0.2m));
        Assert.That(Apply("""{"model":"m","temperature":1.5}""", rule)["temperature"]!.GetValue<decimal>(), Is.EqualTo(1.5m));
        Assert.That(Apply("""{"model":"m"}""", ("service_tier", new ParameterRuleDocument { Default = "flex" }))["service_tier"]!.GetValue<string>(), Is.EqualTo("flex"),
            "text that is not JSON is written as a string");
    }

    [Test]
    public void Clamps_a_number_into_its_range_and_leaves_other_values_alone()
    {
        var rule = ("temperature", new ParameterRuleDocument { Min = 0, Max = 1 });

        Assert.That(Apply("""{"temperature":1.7}""", rule)["temperature"]!.GetValue<decimal>(), Is.EqualTo(1m));
        Assert.That(Apply("""{"temperature":-3}""", rule)["temperature"]!.GetValue<decimal>(), Is.EqualTo(0m));
        Assert.That(Apply("""{"temperature":0.4}""", rule)["temperature"]!.GetValue<decimal>(), Is.EqualTo(0.4m));
        Assert.That(Apply("""{"temperature":"hot"}""", rule)["temperature"]!.GetValue<string>(), Is.EqualTo("hot"));
    }

    [Test]
    public void Reaches_into_nested_objects_by_dotted_path()
    {
        var body = Apply("""{"contents":[{"parts":[{"text":"hi"}]}],"generationConfig":{"temperature":2,"topK":40}}""",
            ("generationConfig.temperature", new ParameterRuleDocument { Max = 1 }),
            ("generationConfig.topK", new ParameterRuleDocument { Drop = true }),
            ("generationConfig.candidateCount", new ParameterRuleDocument { Default = "1" }));

        Assert.That(body.ToJsonString(), Is.EqualTo("""{"contents":[{"parts":[{"text":"hi"}]}],"generationConfig":{"temperature":1,"candidateCount":1}}"""));
    }

    [Test]
    public void Leaves_a_body_that_is_not_an_object_alone()
    {
        var mapping = Mapping(("a", new ParameterRuleDocument { Drop = true }));
        using var output = new PooledByteBufferWriter();

        Assert.That(ParameterMappingWriter.TryApply("[1,2]"u8, mapping, output), Is.False);
        Assert.That(output.WrittenCount, Is.Zero);
    }

    [TestCase("a b", "a b")]
    [TestCase("t", "t:Min")]
    [TestCase("d", "d:Drop")]
    [TestCase("r", "r:Rename")]
    public void Names_the_field_and_operation_of_a_bad_rule(string field, string named)
    {
        var document = new Dictionary<string, ParameterRuleDocument>
        {
            [field] = field switch
            {
                "t" => new ParameterRuleDocument { Min = 2, Max = 1 },
                "d" => new ParameterRuleDocument { Drop = true, Default = "1" },
                "r" => new ParameterRuleDocument { Rename = "a.b" },
                _ => new ParameterRuleDocument { Drop = true },
            },
        };
        var errors = new List<string>();

        Assert.That(ParameterMappingParser.Parse(document, "Gateway:Models:chat:Targets:0:ParameterMapping", errors), Is.Null);
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"Gateway:Models:chat:Targets:0:ParameterMapping:{named}:"));
    }

    private static JsonNode Apply(string json, params (string Field, ParameterRuleDocument Rule)[] rules)
    {
        using var output = new PooledByteBufferWriter();
        Assert.That(ParameterMappingWriter.TryApply(Encoding.UTF8.GetBytes(json), Mapping(rules), output), Is.True);
        return JsonNode.Parse(output.WrittenSpan)!;
    }

    private static ParameterMapping Mapping(params (string Field, ParameterRuleDocument Rule)[] rules)
    {
        var document = rules.ToDictionary(r => r.Field, r => r.Rule);
        var errors = new List<string>();
        var mapping = ParameterMappingParser.Parse(document, "m", errors);
        Assert.That(errors, Is.Empty);
        return mapping!;
    }
}
