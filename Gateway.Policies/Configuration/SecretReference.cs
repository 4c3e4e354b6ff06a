namespace Gateway.Policies.Configuration;

/// <summary>Resolves <c>env:NAME</c> references; anything else is a literal.</summary>
internal static class SecretReference
{
    private const string EnvironmentPrefix = "env:";

    public static bool IsReference(string? value) =>
        value is not null && value.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value, the variable's value for a reference, or null when the variable is unset or empty.</summary>
    public static string? Resolve(string? value, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (!IsReference(value))
        {
            return value;
        }
        var resolved = environment(value[EnvironmentPrefix.Length..]);
        return string.IsNullOrEmpty(resolved) ? null : resolved;
    }
}
