using Gateway.Policies.Configuration;
using Gateway.Proxy.Forwarding;

namespace Gateway.Tests.Policies.Configuration;

/// <summary>
/// Each adapter declares its settings; the catalog checks a provider's settings against them when the config or a database
/// row is loaded, so a typo or a wrong type is a load-time error naming the field, not a failed request.
/// </summary>
[TestFixture]
public sealed class ProviderSettingsValidationTests
{
    private static readonly CatalogBuilder Builder = new(new ProviderAdapterRegistry().Kinds, name => name == "AWS_SECRET" ? "from-env" : null);

    [TestCase("anthropic", "AnthropicVerion", "2023-06-01", "is not a setting of this provider kind (known: AnthropicVersion, AnthropicBeta)")]
    [TestCase("openai", "ApiVersion", "1", "is not a setting of this provider kind, which has none")]
    [TestCase("gemini", "IncludeThoughts", "yes", "must be true or false (got 'yes')")]
    [TestCase("azure", "AuthHeader", "basic", "must be one of api-key, bearer (got 'basic')")]
    public void Refuses_a_config_file_setting_the_adapter_does_not_accept_naming_the_field(string kind, string name, string value, string message)
    {
        var result = Builder.Build(Config(kind, new() { [name] = value }), null);

        Assert.That(result.Catalog, Is.Null);
        Assert.That(result.Errors, Has.One.StartsWith($"Gateway:Providers:p:Settings:{name}: {message}"));
    }

    [Test]
    public void Requires_the_secret_key_with_an_access_key_id_and_never_shows_a_secret_value()
    {
        var missing = Builder.Build(Config("bedrock", new() { ["AccessKeyId"] = "AKID" }), null);
        Assert.That(missing.Errors, Has.One.StartsWith("Gateway:Providers:p:Settings:SecretAccessKey: is required when AccessKeyId is set."));

        var blank = Builder.Build(Config("bedrock", new() { ["AccessKeyId"] = "AKID", ["SecretAccessKey"] = "env:AWS_SECRET", ["SessionToken"] = " " }), null);
        Assert.That(blank.Errors, Has.One.StartsWith("Gateway:Providers:p:Settings:SessionToken: must not be blank."));
    }

    [Test]
    public void Reads_bedrocks_former_region_setting_as_its_signing_region_with_a_deprecation_warning()
    {
        var result = Builder.Build(Config("bedrock", new() { ["Region"] = "eu-central-1", ["AccessKeyId"] = "AKID", ["SecretAccessKey"] = "env:AWS_SECRET" }), null);

        Assert.That(result.Errors, Is.Empty);
        var provider = result.Catalog!.Providers["p"];
        Assert.That(provider.Settings["SigningRegion"], Is.EqualTo("eu-central-1"));
        Assert.That(provider.Settings.ContainsKey("Region"), Is.False);
        Assert.That(provider.Settings["SecretAccessKey"], Is.EqualTo("from-env"));
        Assert.That(result.Warnings, Has.One.EqualTo("Gateway:Providers:p:Settings:Region: is deprecated: name it SigningRegion."));
    }

    [Test]
    public void Skips_a_database_provider_whose_settings_its_adapter_refuses_and_says_why()
    {
        var database = new DatabaseCatalogDocument();
        database.Providers.Add(new ScopedProviderDocument("db-bad", Scope.Global,
            new ProviderDocument { Kind = "anthropic", BaseUrl = "https://api.anthropic.com", Settings = { ["AnthropicVerion"] = "x" } }));
        database.Providers.Add(new ScopedProviderDocument("db-good", Scope.Global,
            new ProviderDocument { Kind = "anthropic", BaseUrl = "https://api.anthropic.com", Settings = { ["AnthropicVersion"] = "2023-06-01" } }));

        var result = Builder.Build(Config("openai", []), null, database);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Catalog!.Providers.ContainsKey("db-bad"), Is.False);
        Assert.That(result.Catalog.Providers.ContainsKey("db-good"), Is.True);
        Assert.That(result.Warnings, Has.One.Contains("db-bad:Settings:AnthropicVerion: is not a setting").And.Contains("row skipped"));
    }

    [Test]
    public void A_config_provider_names_the_region_of_its_base_url_for_destination_affinity()
    {
        var document = Config("openai", []);
        document.Providers["p"].Region = "eu";
        document.Providers["p"].RegionalBaseUrls["us"] = "https://us.example/v1";

        var provider = Builder.Build(document, null).Catalog!.Providers["p"];

        Assert.That(provider.Regions["https://api.example/v1"], Is.EqualTo("eu"));
        Assert.That(provider.Regions["https://us.example/v1"], Is.EqualTo("us"));
    }

    [Test]
    public void Adapters_declare_audio_where_routing_used_to_name_the_kinds()
    {
        var features = new ProviderAdapterRegistry().RoutingFeatures();

        var audio = features.Where(kind => kind.Value.HasFlag(Gateway.Policies.Routing.RequestFeatures.Audio)).Select(kind => kind.Key).Order();
        Assert.That(audio, Is.EqualTo(new[] { "azure", "gemini", "openai" }));
    }

    private static GatewayConfigDocument Config(string kind, Dictionary<string, string> settings)
    {
        var document = new GatewayConfigDocument();
        var provider = new ProviderDocument { Kind = kind, BaseUrl = "https://api.example/v1" };
        foreach (var (name, value) in settings)
        {
            provider.Settings[name] = value;
        }
        document.Providers["p"] = provider;
        document.Models["chat"] = new ModelDocument { Targets = [new TargetDocument { Provider = "p", Model = "m" }] };
        return document;
    }
}
