using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Gateway.Policies.Pricing;

namespace Gateway.Policies.Configuration;

/// <summary>
/// Validates the unit prices of a price entry (catalog, config, price book): every price 0 or more, image keys
/// <c>default</c>, <c>{W}x{H}</c> or <c>{W}x{H}/{quality}</c>.
/// </summary>
public static partial class UnitPriceParser
{
    /// <returns>The unit prices; null when none is given or one is invalid (then <paramref name="errors"/> says why).</returns>
    public static UnitPrices? Parse(IReadOnlyDictionary<string, decimal>? perImage, decimal? perAudioSecond, decimal? perMillionSpeechCharacters, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (perImage is null && perAudioSecond is null && perMillionSpeechCharacters is null)
        {
            return null;
        }
        var valid = true;
        if (perAudioSecond is < 0 || perMillionSpeechCharacters is < 0)
        {
            errors.Add($"{path}: prices must be 0 or more.");
            valid = false;
        }
        if (perImage is not null)
        {
            foreach (var (key, value) in perImage)
            {
                if (!IsImageKey(key))
                {
                    errors.Add($"{path}:PerImage: '{key}' is not 'default', '{{width}}x{{height}}' or '{{width}}x{{height}}/{{quality}}'.");
                    valid = false;
                }
                else if (value < 0)
                {
                    errors.Add($"{path}:PerImage:{key}: prices must be 0 or more.");
                    valid = false;
                }
            }
        }
        if (!valid)
        {
            return null;
        }
        return new UnitPrices
        {
            PerImage = perImage?.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            PerAudioSecond = perAudioSecond,
            PerMillionSpeechCharacters = perMillionSpeechCharacters,
        };
    }

    public static bool IsImageKey(string key) => key == "default" || ImageKey().IsMatch(key);

    [GeneratedRegex("^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}(/[a-z][a-z0-9_-]{0,31})?$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageKey();
}
