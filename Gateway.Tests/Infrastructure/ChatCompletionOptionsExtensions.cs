using System.ClientModel.Primitives;

namespace Gateway.Tests.Infrastructure;

/// <summary>Fields the SDK does not expose as properties, set through its JSON patch support.</summary>
public static class ChatCompletionOptionsExtensions
{
#pragma warning disable SCME0001 // Patch is experimental in the SDK; tests use it to send fields it lacks.
    public static ChatCompletionOptions WithN(this ChatCompletionOptions options, int n)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Patch.Set("$.n"u8, n);
        return options;
    }

    /// <summary>OpenRouter's <c>models</c>: fallbacks tried after <c>model</c>.</summary>
    public static ChatCompletionOptions WithFallbackModels(this ChatCompletionOptions options, params string[] models)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Patch.Set("$.models"u8, BinaryData.FromObjectAsJson(models));
        return options;
    }
#pragma warning restore SCME0001
}
