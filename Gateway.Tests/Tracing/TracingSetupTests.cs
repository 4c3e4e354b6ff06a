using Gateway.Proxy.Tracing;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Tracing;

/// <summary>Tracing is on only when the standard OTEL_* environment names an OTLP endpoint, and not when it says no.</summary>
[TestFixture]
public sealed class TracingSetupTests
{
    [TestCase(null, null, null, null, false)]
    [TestCase("http://collector:4317", null, null, null, true)]
    [TestCase(null, "http://collector:4318/v1/traces", null, null, true)]
    [TestCase("http://collector:4317", null, "true", null, false)]
    [TestCase("http://collector:4317", null, null, "none", false)]
    [TestCase("http://collector:4317", null, null, "otlp", true)]
    [TestCase(" ", null, null, null, false)]
    public void Is_requested_by_an_otlp_endpoint(string? endpoint, string? tracesEndpoint, string? disabled, string? exporter, bool requested)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = tracesEndpoint,
            ["OTEL_SDK_DISABLED"] = disabled,
            ["OTEL_TRACES_EXPORTER"] = exporter,
        }).Build();

        Assert.That(TracingSetup.IsRequested(configuration), Is.EqualTo(requested));
    }

    [TestCase("openai", "openai")]
    [TestCase("anthropic", "anthropic")]
    [TestCase("gemini", "gcp.gemini")]
    [TestCase("bedrock", "aws.bedrock")]
    [TestCase("azure", "azure.ai.openai")]
    [TestCase("mistral", "mistral_ai")]
    [TestCase("xai", "x_ai")]
    [TestCase("vllm", "vllm")]
    public void Names_providers_as_the_genai_conventions_do(string kind, string name) =>
        Assert.That(GenAiProviderNames.Of(kind), Is.EqualTo(name));
}
