namespace Gateway.Transforms.OpenAI;

/// <summary>What <c>response_format</c> asked for.</summary>
public enum ResponseFormatKind
{
    Text,
    JsonObject,
    JsonSchema,
}
