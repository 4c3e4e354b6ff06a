namespace Gateway.Policies.Configuration;

/// <summary>Validates the kind fields of a model declaration (catalog entry or alias target): <c>Kinds</c>, <c>Dimensions</c>, <c>MaxInputTokens</c>.</summary>
internal static class ModelKindFields
{
    public static RequestKinds? ParseKinds(List<string>? names, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (names is null)
        {
            return null;
        }
        var kinds = RequestKinds.None;
        foreach (var name in names)
        {
            if (!RequestKindNames.TryParse(name, out var kind))
            {
                errors.Add($"{path}: '{name}' is not one of {RequestKindNames.Known}.");
                continue;
            }
            kinds |= kind;
        }
        if (kinds == RequestKinds.None && names.Count == 0)
        {
            errors.Add($"{path}: must name at least one kind.");
        }
        return kinds == RequestKinds.None ? null : kinds;
    }

    /// <summary>A positive count, or null with an error naming <paramref name="path"/>.</summary>
    public static int? Positive(int? value, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is <= 0)
        {
            errors.Add($"{path}: must be greater than 0.");
            return null;
        }
        return value;
    }
}
