using Gateway.Policies.OpenRouter;
using Gateway.Policies.Routing;
using static Gateway.Tests.Policies.RoutingFixtures;

namespace Gateway.Tests.Policies.Routing;

/// <summary>Direct <c>provider/model</c> names a client chooses: what is refused before anything is sent, and what routing does with long lists.</summary>
[TestFixture]
public sealed class DirectModelNameTests
{
    private static readonly GatewayCatalog Catalog = RoutingFixtures.Catalog(
        Alias("chat", RoutingStrategy.Failover, Target("gemini", "gemini-2.5-flash", kind: "gemini"), Target("bedrock", "anthropic.claude-v2:1", kind: "bedrock")));

    [TestCase("gemini/../../v1beta/files#")]
    [TestCase("gemini/a/../b")]
    [TestCase("gemini/./x")]
    [TestCase("gemini/..")]
    [TestCase("gemini/x?alt=json")]
    [TestCase("gemini/x#frag")]
    [TestCase("gemini/gemini 2.5")]
    [TestCase("gemini/gemini\t2.5")]
    [TestCase("gemini/gemini\r\nx-injected: 1")]
    [TestCase("gemini/x\u0000")]
    [TestCase("gemini/x\u007f")]
    [TestCase("gemini/x\u2028y")]
    public void Refuses_a_direct_name_that_could_only_bend_a_url_with_400_naming_model(string model)
    {
        var result = Engine().Route(Catalog, new RoutingRequest { Model = model });

        Assert.That(result.Error, Is.Not.Null);
        Assert.That(result.Error!.Kind, Is.EqualTo(RoutingErrorKind.InvalidRequest));
        Assert.That(result.Error.Param, Is.EqualTo("model"));
        Assert.That(result.Decision, Is.Null, "nothing is tried");
    }

    [Test]
    public void Refuses_a_direct_name_over_256_bytes_but_not_one_of_256()
    {
        var longest = "gemini/" + new string('m', 256 - "gemini/".Length);
        var multibyte = "gemini/" + string.Concat(Enumerable.Repeat("\u00e9", 125));

        Assert.That(Engine().Route(Catalog, new RoutingRequest { Model = longest }).Error, Is.Null);
        Assert.That(Engine().Route(Catalog, new RoutingRequest { Model = longest + "m" }).Error?.Param, Is.EqualTo("model"));
        Assert.That(Engine().Route(Catalog, new RoutingRequest { Model = multibyte }).Error?.Param, Is.EqualTo("model"),
            "257 bytes in 132 characters");
    }

    [Test]
    public void Refuses_a_hostile_direct_fallback_naming_models()
    {
        var result = Engine().Route(Catalog, new RoutingRequest { Model = "chat", FallbackModels = ["gemini/../x"] });

        Assert.That(result.Error?.Kind, Is.EqualTo(RoutingErrorKind.InvalidRequest));
        Assert.That(result.Error!.Param, Is.EqualTo("models"));
    }

    [TestCase("bedrock/arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0")]
    [TestCase("gemini/tunedModels/my-model-42")]
    [TestCase("gemini/gemini-2.5-flash:nitro")]
    [TestCase("gemini/v1.5...preview")]
    public void Accepts_real_direct_names_with_colons_slashes_and_dots(string model)
    {
        var result = Engine().Route(Catalog, new RoutingRequest { Model = model });

        Assert.That(result.Error, Is.Null, () => result.Error!.Message);
    }

    [Test]
    public void An_alias_is_not_held_to_the_direct_name_rules()
    {
        var catalog = RoutingFixtures.Catalog(Alias("team chat?", RoutingStrategy.Failover, Target("gemini", "gemini-2.5-flash", kind: "gemini")));

        Assert.That(Engine().Route(catalog, new RoutingRequest { Model = "team chat?" }).Error, Is.Null,
            "the operator chose that name; it never goes into a URL");
    }

    [Test]
    public void Keeps_each_target_once_in_order_across_many_fallbacks_with_duplicates()
    {
        var targets = Enumerable.Range(0, 40).Select(i => Target($"p{i % 7}", $"m{i}")).ToArray();
        var catalog = RoutingFixtures.Catalog(Alias("many", RoutingStrategy.Failover, targets), Alias("again", RoutingStrategy.Failover, targets.Reverse().ToArray()));
        string[] fallbacks = ["again", "P3/m3", "p3/m3", "p3/m41", "again", "p0/m0"];

        var decision = Succeed(Engine().Route(catalog, new RoutingRequest { Model = "many", FallbackModels = fallbacks }));

        var expected = targets.Select(t => t.QualifiedName).Append("p3/m41").ToArray();
        Assert.That(Names(decision.Candidates), Is.EqualTo(expected), "duplicates, found by hash past the first few, are dropped; provider ids ignore case");
    }

    [Test]
    public void Finds_providers_in_a_long_request_list_by_their_first_position_ignoring_case()
    {
        var names = Enumerable.Range(0, 50).Select(i => $"prov-{i}").Append("PROV-3").ToList();
        var list = new ProviderNameList(names);

        Assert.That(list.IndexOf("Prov-3"), Is.EqualTo(3));
        Assert.That(list.IndexOf("prov-49"), Is.EqualTo(49));
        Assert.That(list.IndexOf("other"), Is.EqualTo(-1));
        Assert.That(new ProviderNameList(["a", "B"]).IndexOf("b"), Is.EqualTo(1));
        Assert.That(list, Has.Count.EqualTo(51));
    }

    [Test]
    public void Applies_a_long_provider_order_and_ignore_list_from_the_request()
    {
        var catalog = RoutingFixtures.Catalog(Alias("trio", RoutingStrategy.Failover, Target("a", "m"), Target("b", "m"), Target("c", "m")));
        var order = Enumerable.Range(0, 30).Select(i => $"x{i}").Append("C").Append("b").ToList();
        var ignore = Enumerable.Range(0, 30).Select(i => $"y{i}").Append("A").ToList();
        var preferences = new ProviderPreferences { Order = new ProviderNameList(order), Ignore = new ProviderNameList(ignore) };

        var decision = Succeed(Engine().Route(catalog, new RoutingRequest { Model = "trio", Provider = preferences }));

        Assert.That(Names(decision.Candidates), Is.EqualTo(new[] { "c/m", "b/m" }));
        Assert.That(decision.Dropped.Single().Reason, Is.EqualTo(DropReason.ProviderIgnored));
    }
}
