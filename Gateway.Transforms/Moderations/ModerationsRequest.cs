using Gateway.Transforms.Validation;

namespace Gateway.Transforms.Moderations;

/// <summary>
/// A validated OpenAI moderations request (<c>POST /v1/moderations</c>): <c>model</c> (OpenAI's default,
/// <c>omni-moderation-latest</c>, when absent) and <c>input</c> — a string, strings, or multimodal parts
/// (<c>text</c>, <c>image_url</c>); OpenRouter's <c>models</c> and <c>provider</c>. Holds the parsed document over the
/// caller's buffer, which must outlive it.
/// </summary>
public sealed class ModerationsRequest : JsonGatewayRequest, IInputTokensRequest
{
    /// <summary>The model OpenAI's API uses when the request names none.</summary>
    public const string DefaultModel = "omni-moderation-latest";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };


    private ModerationsRequest(JsonDocument document, string model)
        : base(document, model)
    {
    }

    /// <summary>The texts to classify (text parts included), for the gateway's count of the input tokens.</summary>
    public IReadOnlyList<string> Texts { get; private set; } = [];

    /// <summary>How many <c>image_url</c> parts the input holds.</summary>
    public int Images { get; private set; }

    /// <summary>The gateway's count of the input tokens (set by the pipeline before routing): billed, since OpenAI reports none.</summary>
    public int InputTokens { get; set; }

    /// <summary>Top-level fields only the gateway reads; never sent to a provider.</summary>
    public static bool IsGatewayOnlyField(string name) => name is "models" or "provider";

    /// <param name="utf8Json">The body; it must outlive the request.</param>
    /// <param name="maxFallbackModels">The most entries <c>models</c> may have.</param>
    public static ModerationsRequestParseResult Parse(ReadOnlyMemory<byte> utf8Json, int maxFallbackModels)
    {
        var error = JsonRequestHead.Read(utf8Json, DocumentOptions, refuseLoneSurrogates: false, DefaultModel, out var document, out var model);
        var request = error is null ? new ModerationsRequest(document!, model!) : null;
        var (read, refused) = JsonRequestHead.Finish(request, error ?? request!.Read(maxFallbackModels));
        return new ModerationsRequestParseResult(read, refused);
    }

    private GatewayError? Read(int maxFallbackModels)
    {
        var root = Root;
        if (!root.TryGetProperty("input"u8, out var input))
        {
            return FieldChecks.Missing("input");
        }
        var error = ReadInput(input);
        if (error is not null)
        {
            return error;
        }
        if (root.TryGetProperty("provider"u8, out var provider) && FieldChecks.Kind("provider", provider, JsonValueKind.Object, "an object") is { } refused)
        {
            return refused;
        }
        if (!root.TryGetProperty("models"u8, out var models))
        {
            return null;
        }
        var fallbacks = FallbackModels;
        error = FallbackModelsReader.Read(models, maxFallbackModels, ref fallbacks);
        FallbackModels = fallbacks;
        return error;
    }

    private GatewayError? ReadInput(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            Texts = [input.GetString()!];
            return null;
        }
        if (input.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType("input", "a string, an array of strings or an array of input parts");
        }
        if (input.GetArrayLength() == 0)
        {
            return GatewayError.InvalidRequest("'input' must not be empty.", "input", "invalid_value");
        }
        var texts = new List<string>(input.GetArrayLength());
        var parts = input[0].ValueKind == JsonValueKind.Object;
        var i = 0;
        foreach (var item in input.EnumerateArray())
        {
            var error = parts ? ReadPart(item, i, texts) : ReadText(item, i, texts);
            if (error is not null)
            {
                return error;
            }
            i++;
        }
        Texts = texts;
        return null;
    }

    private static GatewayError? ReadText(JsonElement item, int i, List<string> texts)
    {
        if (item.ValueKind != JsonValueKind.String)
        {
            return FieldChecks.InvalidType($"input[{i}]", "a string, as every other item of 'input'");
        }
        texts.Add(item.GetString()!);
        return null;
    }

    private GatewayError? ReadPart(JsonElement item, int i, List<string> texts)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return FieldChecks.InvalidType($"input[{i}]", "an input part with a 'type', as every other item of 'input'");
        }
        if (type.ValueEquals("text"u8))
        {
            if (!item.TryGetProperty("text"u8, out var text) || text.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.Missing($"input[{i}].text");
            }
            texts.Add(text.GetString()!);
            return null;
        }
        if (type.ValueEquals("image_url"u8))
        {
            if (!item.TryGetProperty("image_url"u8, out var image) || image.ValueKind != JsonValueKind.Object
                || !image.TryGetProperty("url"u8, out var url) || url.ValueKind != JsonValueKind.String)
            {
                return FieldChecks.Missing($"input[{i}].image_url.url");
            }
            Images++;
            return null;
        }
        return GatewayError.InvalidRequest($"Invalid value for 'input[{i}].type': expected 'text' or 'image_url'.", $"input[{i}].type", "invalid_value");
    }
}
