namespace Gateway.Policies.Catalog;

/// <summary>
/// What happens to one field of the provider's request body (<see cref="Path"/>: a top-level name, or a dotted path into
/// nested objects such as Gemini's <c>generationConfig.temperature</c>): dropped, renamed (within its object), given a
/// default when absent (<see cref="DefaultJson"/>, written as is), clamped between <see cref="Min"/> and <see cref="Max"/>
/// when it is a number. Several may apply together, except that a dropped field has nothing else.
/// </summary>
public sealed record ParameterRule(string Path)
{
    /// <summary>The object that holds the field: the path without its last segment (empty at the top level).</summary>
    public string Parent { get; } = Path.LastIndexOf('.') is var dot and >= 0 ? Path[..dot] : string.Empty;

    /// <summary>The field's own name, the path's last segment.</summary>
    public string Name { get; } = Path.LastIndexOf('.') is var dot and >= 0 ? Path[(dot + 1)..] : Path;

    public bool Drop { get; init; }

    /// <summary>The field's name in the provider's body, in the same object.</summary>
    public string? RenameTo { get; init; }

    /// <summary>The JSON value written when the field is absent (its parent object present).</summary>
    public string? DefaultJson { get; init; }

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    /// <summary>The name the field has in the provider's body.</summary>
    public string OutputName => RenameTo ?? Name;
}
