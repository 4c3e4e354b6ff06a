using System.Text.Json.Serialization;

namespace Gateway.Data.Aliases;

/// <summary>One destination of an alias: a provider id and the model name there; the weight serves weighted strategies.</summary>
public sealed record AliasTarget(
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("weight")] decimal? Weight = null);
