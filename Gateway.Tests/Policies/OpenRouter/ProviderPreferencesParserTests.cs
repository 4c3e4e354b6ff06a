using Gateway.Policies.OpenRouter;
using Gateway.Policies.Routing;

namespace Gateway.Tests.Policies.OpenRouter;

[TestFixture]
public sealed class ProviderPreferencesParserTests
{
    [Test]
    public void Reads_every_field()
    {
        var preferences = Parse("""
            { "order": ["anthropic", "openai"], "allow_fallbacks": false, "only": ["anthropic", "openai", "azure"],
              "ignore": ["deepinfra"], "sort": "throughput", "require_parameters": true,
              "max_price": { "prompt": 1.5, "completion": "4" } }
            """).Preferences!;
        Assert.That(preferences.Order, Is.EqualTo(new[] { "anthropic", "openai" }));
        Assert.That(preferences.AllowFallbacks, Is.False);
        Assert.That(preferences.Only, Is.EqualTo(new[] { "anthropic", "openai", "azure" }));
        Assert.That(preferences.Ignore, Is.EqualTo(new[] { "deepinfra" }));
        Assert.That(preferences.Sort, Is.EqualTo(ProviderSort.Throughput));
        Assert.That(preferences.RequireParameters, Is.True);
        Assert.That(preferences.MaxPrice, Is.EqualTo(new MaxPrice(1.5m, 4m)));
        Assert.That(preferences.IsEmpty, Is.False);
    }

    [TestCase("price", ProviderSort.Price)]
    [TestCase("latency", ProviderSort.Latency)]
    [TestCase("throughput", ProviderSort.Throughput)]
    public void Reads_each_sort(string sort, ProviderSort expected)
    {
        Assert.That(Parse($$"""{ "sort": "{{sort}}" }""").Preferences!.Sort, Is.EqualTo(expected));
    }

    [TestCase("null")]
    [TestCase("{}")]
    [TestCase("""{ "order": null, "sort": null, "allow_fallbacks": true, "data_collection": "deny", "quantizations": ["fp8"] }""")]
    public void Absent_null_defaulted_and_unused_fields_mean_no_preferences(string json)
    {
        Assert.That(Parse(json).Preferences, Is.SameAs(ProviderPreferences.None));
    }

    [TestCase("[]", "provider", "invalid_type")]
    [TestCase("""{ "order": "openai" }""", "provider.order", "invalid_type")]
    [TestCase("""{ "order": ["openai", 3] }""", "provider.order[1]", "invalid_type")]
    [TestCase("""{ "order": [""] }""", "provider.order[0]", "invalid_type")]
    [TestCase("""{ "only": [null] }""", "provider.only[0]", "invalid_type")]
    [TestCase("""{ "ignore": {} }""", "provider.ignore", "invalid_type")]
    [TestCase("""{ "allow_fallbacks": "no" }""", "provider.allow_fallbacks", "invalid_type")]
    [TestCase("""{ "require_parameters": 1 }""", "provider.require_parameters", "invalid_type")]
    [TestCase("""{ "sort": "cheapest" }""", "provider.sort", "invalid_value")]
    [TestCase("""{ "sort": 1 }""", "provider.sort", "invalid_type")]
    [TestCase("""{ "max_price": 3 }""", "provider.max_price", "invalid_type")]
    [TestCase("""{ "max_price": { "prompt": -1 } }""", "provider.max_price.prompt", "invalid_value")]
    [TestCase("""{ "max_price": { "completion": "lots" } }""", "provider.max_price.completion", "invalid_type")]
    [TestCase("""{ "max_price": { "completion": true } }""", "provider.max_price.completion", "invalid_type")]
    public void A_bad_field_is_a_400_style_error_naming_it(string json, string param, string code)
    {
        var result = Parse(json);
        Assert.That(result.Preferences, Is.Null);
        Assert.That(result.Error!.Kind, Is.EqualTo(RoutingErrorKind.InvalidRequest));
        Assert.That(result.Error.Param, Is.EqualTo(param));
        Assert.That(result.Error.Code, Is.EqualTo(code));
        Assert.That(result.Error.Message, Does.Contain(param));
    }

    [Test]
    public void An_undefined_element_is_no_preferences()
    {
        Assert.That(ProviderPreferencesParser.Parse(default).Preferences, Is.SameAs(ProviderPreferences.None));
    }

    [TestCase("gpt-4o:floor", "gpt-4o", ProviderSort.Price)]
    [TestCase("meta/llama-3:nitro", "meta/llama-3", ProviderSort.Throughput)]
    public void The_floor_and_nitro_suffixes_are_stripped_and_become_a_sort(string model, string stripped, ProviderSort sort)
    {
        Assert.That(ModelSuffix.Strip(model, out var parsed), Is.EqualTo(stripped));
        Assert.That(parsed, Is.EqualTo(sort));
    }

    [TestCase("bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0")]
    [TestCase("gpt-4o:free")]
    [TestCase(":floor")]
    [TestCase("gpt-4o:FLOOR")]
    public void Other_colons_are_left_alone(string model)
    {
        Assert.That(ModelSuffix.Strip(model, out var sort), Is.SameAs(model));
        Assert.That(sort, Is.Null);
    }

    private static ProviderPreferencesParseResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ProviderPreferencesParser.Parse(document.RootElement.Clone());
    }
}
