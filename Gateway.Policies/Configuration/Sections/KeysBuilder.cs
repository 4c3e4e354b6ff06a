using Gateway.Policies.Keys;

namespace Gateway.Policies.Configuration.Sections;

/// <summary>The config file's keys, by their SHA-256 (database keys are looked up per request, not held here).</summary>
internal sealed class KeysBuilder
{
    private readonly Func<string, string?> _environment;

    public KeysBuilder(Func<string, string?> environment)
    {
        _environment = environment;
    }

    public Dictionary<KeyHash, GatewayKey> Build(GatewayConfigDocument document, List<string> errors, List<string> warnings)
    {
        var keys = new Dictionary<KeyHash, GatewayKey>();
        foreach (var (id, key) in document.Keys)
        {
            var path = $"Gateway:Keys:{id}";
            if (key.Enabled == false)
            {
                continue;
            }
            KeyHash hash;
            if (key.KeyHash is not null)
            {
                if (key.Key is not null)
                {
                    errors.Add($"{path}: give either Key or KeyHash, not both.");
                    continue;
                }
                if (!KeyHash.TryParseHex(key.KeyHash, out hash))
                {
                    errors.Add($"{path}:KeyHash: must be 64 hex digits (SHA-256), optionally prefixed 'sha256:'.");
                    continue;
                }
            }
            else
            {
                if (key.Key is null)
                {
                    errors.Add($"{path}:Key: is required (an env:NAME reference), or give KeyHash.");
                    continue;
                }
                var secret = SecretReference.Resolve(key.Key, _environment);
                if (secret is null)
                {
                    warnings.Add($"{path}:Key: {key.Key} is not set; this key is disabled.");
                    continue;
                }
                if (!SecretReference.IsReference(key.Key))
                {
                    warnings.Add($"{path}:Key: is a literal secret; prefer an env:NAME reference or KeyHash.");
                }
                hash = KeyHash.Compute(secret);
            }

            if (keys.ContainsKey(hash))
            {
                errors.Add($"{path}: the same key is configured twice.");
                continue;
            }
            if (!ValidKeyLimits(key, path, errors))
            {
                continue;
            }
            keys[hash] = new GatewayKey
            {
                Id = id,
                Hash = hash,
                AllowedModels = new HashSet<string>(key.Models, StringComparer.Ordinal),
                IsAdmin = key.Admin == true,
                AllowDirectModels = key.AllowDirectModels != false,
                Region = string.IsNullOrWhiteSpace(key.Region) ? null : key.Region,
                RequestsPerMinute = key.RequestsPerMinute,
                TokensPerMinute = key.TokensPerMinute,
                DailyBudgetUsd = key.DailyBudgetUsd,
                MonthlyBudgetUsd = key.MonthlyBudgetUsd,
                MaxConcurrentRequests = key.MaxConcurrentRequests,
            };
        }
        return keys;
    }

    /// <summary>Limits are optional; a given one must be positive (to block a key, disable it instead).</summary>
    private static bool ValidKeyLimits(KeyDocument key, string path, List<string> errors)
    {
        var valid = Positive(key.RequestsPerMinute, nameof(key.RequestsPerMinute));
        valid &= Positive(key.TokensPerMinute, nameof(key.TokensPerMinute));
        valid &= Positive(key.DailyBudgetUsd, nameof(key.DailyBudgetUsd));
        valid &= Positive(key.MonthlyBudgetUsd, nameof(key.MonthlyBudgetUsd));
        valid &= Positive(key.MaxConcurrentRequests, nameof(key.MaxConcurrentRequests));
        return valid;

        bool Positive(decimal? value, string field)
        {
            if (value is <= 0)
            {
                errors.Add($"{path}:{field}: must be greater than 0.");
                return false;
            }
            return true;
        }
    }
}
