namespace Gateway.Policies.Configuration;

/// <summary>Validates the <c>Kinds</c> of a model declaration (catalog entry or alias target).</summary>
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
}
