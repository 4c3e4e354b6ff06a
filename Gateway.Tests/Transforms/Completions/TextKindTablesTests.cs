using Gateway.Transforms.Completions;
using Gateway.Transforms.Moderations;
using Gateway.Transforms.Providers.OpenAi;
using Gateway.Transforms.Providers.OpenAi.Completions;

namespace Gateway.Tests.Transforms.Completions;

/// <summary>Every OpenAI-compatible preset says yes or no for legacy completions and for moderations.</summary>
[TestFixture]
public sealed class TextKindTablesTests
{
    [Test]
    public void Every_preset_declares_whether_it_has_a_completions_api_and_moderations()
    {
        var presets = OpenAiCompatiblePresets.All.Select(p => p.Kind).ToList();

        Assert.That(OpenAiCompletionsDialects.Presets.Keys, Is.EquivalentTo(presets));
        Assert.That(ModerationsAdapters.Presets.Keys, Is.EquivalentTo(presets));
    }

    [Test]
    public void Openai_and_the_presets_with_a_completions_api_are_passed_through()
    {
        Assert.That(CompletionsAdapters.Create().Keys, Is.EquivalentTo(new[] { "openai", "vllm", "together", "fireworks", "deepseek", "ollama" }));
        Assert.That(ModerationsAdapters.Create().Keys, Is.EquivalentTo(new[] { "openai" }));
    }
}
