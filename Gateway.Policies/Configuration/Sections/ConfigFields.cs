using Gateway.Policies.Pricing;

namespace Gateway.Policies.Configuration.Sections;

/// <summary>Field checks several sections share; each error names the field's path.</summary>
internal static class ConfigFields
{
    public static bool IsValidId(string id) =>
        id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static bool ValidUrl(string? url, string path, List<string> errors)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment))
        {
            return true;
        }
        errors.Add($"{path}: '{url}' is not an absolute http(s) URL without query or fragment.");
        return false;
    }

    public static int? PositiveOrNull(int? value, string path, List<string> errors)
    {
        if (value is <= 0)
        {
            errors.Add($"{path}: must be greater than 0.");
            return null;
        }
        return value;
    }

    /// <summary>What a catalog entry or an alias target declares about its model; a field that is absent or invalid is null.</summary>
    public static ModelInfo ParseModelInfo(ModelFieldsDocument model, string path, List<string> errors) =>
        new(
            PositiveOrNull(model.ContextWindow, $"{path}:ContextWindow", errors),
            PositiveOrNull(model.MaxOutputTokens, $"{path}:MaxOutputTokens", errors),
            ParseCapabilities(model.Capabilities, $"{path}:Capabilities", errors),
            ParsePrice(model.Price, $"{path}:Price", errors))
        {
            Kinds = ModelKindFields.ParseKinds(model.Kinds, $"{path}:Kinds", errors),
            Dimensions = PositiveOrNull(model.Dimensions, $"{path}:Dimensions", errors),
            MaxInputTokens = PositiveOrNull(model.MaxInputTokens, $"{path}:MaxInputTokens", errors),
            ParameterMapping = ParameterMappingParser.Parse(model.ParameterMapping, $"{path}:ParameterMapping", errors),
        };

    public static ModelCapabilities? ParseCapabilities(List<string>? names, string path, List<string> errors)
    {
        if (names is null)
        {
            return null;
        }
        var capabilities = ModelCapabilities.None;
        foreach (var name in names)
        {
            if (!ModelCapabilityNames.TryParse(name, out var capability))
            {
                errors.Add($"{path}: '{name}' is not one of tools, vision, json_schema, audio.");
                continue;
            }
            capabilities |= capability;
        }
        return capabilities;
    }

    public static ModelPrice? ParsePrice(PriceDocument? price, string path, List<string> errors)
    {
        if (price is null)
        {
            return null;
        }
        if (price.InputPerMTok is < 0 || price.OutputPerMTok is < 0 || price.CachedInputPerMTok is < 0 || price.CacheWritePerMTok is < 0)
        {
            errors.Add($"{path}: prices must be 0 or more.");
            return null;
        }
        var errorCount = errors.Count;
        var units = UnitPriceParser.Parse(price.PerImage, price.PerAudioSecond, price.PerMillionSpeechCharacters, path, errors);
        if (errors.Count > errorCount)
        {
            return null;
        }
        // A model billed by other units (images, audio, speech) needs no token price; one billed by tokens needs both.
        if (units is null && (price.InputPerMTok is null || price.OutputPerMTok is null))
        {
            errors.Add($"{path}: InputPerMTok and OutputPerMTok are required.");
            return null;
        }
        var input = price.InputPerMTok ?? 0m;
        return new ModelPrice(input, price.OutputPerMTok ?? 0m, price.CachedInputPerMTok ?? input, price.CacheWritePerMTok ?? input) { Units = units };
    }

    /// <summary>
    /// A database row is checked like a config entry, but its errors are warnings and the row is skipped: one tenant's
    /// mistake must not stop the gateway from loading everyone else's.
    /// </summary>
    public static void SkipRow(List<string> rowErrors, List<string> warnings)
    {
        foreach (var error in rowErrors)
        {
            warnings.Add("Database: " + error + " (row skipped)");
        }
    }
}
