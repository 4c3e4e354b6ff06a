namespace Gateway.Data.Options;

/// <summary>Rejects option values that would hang start-up, spin the reconnect loop or page without bound.</summary>
internal sealed class GatewayDataOptionsValidator : IValidateOptions<GatewayDataOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Within(failures, nameof(options.CommandTimeout), options.CommandTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Within(failures, nameof(options.MigrationTimeout), options.MigrationTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        Within(failures, nameof(options.ListenDebounce), options.ListenDebounce, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Within(failures, nameof(options.ReconnectInitialBackoff), options.ReconnectInitialBackoff, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        Within(failures, nameof(options.ReconnectMaxBackoff), options.ReconnectMaxBackoff, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Within(failures, nameof(options.ListenKeepAliveInterval), options.ListenKeepAliveInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        if (options.ReconnectMaxBackoff < options.ReconnectInitialBackoff)
        {
            failures.Add($"{nameof(options.ReconnectMaxBackoff)} must not be below {nameof(options.ReconnectInitialBackoff)}.");
        }

        if (options.MaxPageSize is < 1 or > 10_000)
        {
            failures.Add($"{nameof(options.MaxPageSize)} must be between 1 and 10000 (was {options.MaxPageSize}).");
        }

        if (options.DefaultPageSize < 1 || options.DefaultPageSize > options.MaxPageSize)
        {
            failures.Add($"{nameof(options.DefaultPageSize)} must be between 1 and {nameof(options.MaxPageSize)} (was {options.DefaultPageSize}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Within(List<string> failures, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{name} must be between {min} and {max} (was {value}).");
        }
    }
}
