using Gateway.Data.Errors;
using Gateway.Data.Providers;
using Gateway.Data.Sql;

namespace Gateway.Tests.Data.Providers;

[TestFixture]
public sealed class ProviderModelRepositoryTests : DatabaseTest
{
    [OneTimeSetUp]
    public async Task CreateProvidersAsync()
    {
        var providers = Database.Providers();
        await providers.CreateAsync(new ProviderSpec("openai", "openai", "https://api.openai.com/v1", Scope.Global), null, CancellationToken.None);
        await providers.CreateAsync(new ProviderSpec("anthropic", "anthropic", "https://api.anthropic.com", Scope.Global), null, CancellationToken.None);
    }

    [Test]
    public async Task Upserting_creates_then_replaces_a_model()
    {
        var mapping = JsonDocument.Parse("""{"max_tokens":"max_completion_tokens"}""").RootElement;

        var created = await Database.ProviderModels.UpsertAsync(
            new ProviderModelSpec("openai", "gpt-4o", ["tools", "vision", "json_schema"], 128_000, 16_384, mapping), CancellationToken.None);
        var replaced = await Database.ProviderModels.UpsertAsync(
            new ProviderModelSpec("openai", "gpt-4o", ["tools"], 128_000, 4_096, Enabled: false), CancellationToken.None);

        Assert.That(created.Capabilities, Is.EqualTo(new[] { "tools", "vision", "json_schema" }));
        Assert.That(created.ParameterMapping.GetProperty("max_tokens").GetString(), Is.EqualTo("max_completion_tokens"));
        Assert.That((replaced.Capabilities.Count, replaced.MaxOutputTokens, replaced.Enabled, replaced.CreatedAt), Is.EqualTo((1, (int?)4_096, false, created.CreatedAt)));
        Assert.That(replaced.ParameterMapping.ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That(await Database.ProviderModels.GetAsync("openai", "gpt-4o", CancellationToken.None), Is.Not.Null);
        Assert.That(await Database.ProviderModels.DeleteAsync("openai", "gpt-4o", CancellationToken.None), Is.True);
        Assert.That(await Database.ProviderModels.GetAsync("openai", "gpt-4o", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_model_of_an_unknown_provider_or_with_impossible_limits_is_rejected()
    {
        var unknown = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            Database.ProviderModels.UpsertAsync(new ProviderModelSpec("nobody", "m", []), CancellationToken.None));
        Assert.That(unknown!.Kind, Is.EqualTo(ConstraintViolationKind.ForeignKey));
        var tooLong = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            Database.ProviderModels.UpsertAsync(new ProviderModelSpec("openai", "m", [], ContextWindow: 1000, MaxOutputTokens: 2000), CancellationToken.None));
        Assert.That(tooLong!.Constraint, Is.EqualTo("provider_models_max_output_fits"));
        var badCapability = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            Database.ProviderModels.UpsertAsync(new ProviderModelSpec("openai", "m", ["Vision!"]), CancellationToken.None));
        Assert.That(badCapability!.Constraint, Is.EqualTo("provider_models_capabilities_format"));
    }

    [Test]
    public async Task Lists_models_by_provider_and_name_across_pages()
    {
        foreach (var model in new[] { "claude-a", "claude-b", "claude-c" })
        {
            await Database.ProviderModels.UpsertAsync(new ProviderModelSpec("anthropic", model, ["tools"]), CancellationToken.None);
        }

        await Database.ProviderModels.UpsertAsync(new ProviderModelSpec("openai", "gpt-list", []), CancellationToken.None);

        var first = await Database.ProviderModels.ListAsync("anthropic", new PageRequest(2), CancellationToken.None);
        var second = await Database.ProviderModels.ListAsync("anthropic", new PageRequest(2, first.NextCursor), CancellationToken.None);

        Assert.That(first.Items.Concat(second.Items).Select(model => model.Model), Is.EqualTo(new[] { "claude-a", "claude-b", "claude-c" }));
        Assert.That(second.NextCursor, Is.Null);
        var everything = await Database.ProviderModels.ListAsync(null, new PageRequest(1000), CancellationToken.None);
        Assert.That(everything.Items.Select(model => model.ProviderId), Does.Contain("openai").And.Contain("anthropic"));
    }
}
