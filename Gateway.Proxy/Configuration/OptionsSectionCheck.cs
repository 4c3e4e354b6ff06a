using System.Reflection;

namespace Gateway.Proxy.Configuration;

/// <summary>
/// Binds and validates every options type of the gateway's own that the service registrations configure or validate,
/// the way <c>ValidateOnStart</c> does at start-up, and names each error by its configuration path
/// (<c>Gateway:Usage:BatchSize: …</c>). Nothing is resolved but the options themselves: no server, no database.
/// </summary>
internal static class OptionsSectionCheck
{
    private static readonly MethodInfo ValidateOneMethod =
        typeof(OptionsSectionCheck).GetMethod(nameof(ValidateOne), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static IReadOnlyList<string> Validate(IConfiguration configuration, Action<IServiceCollection, IConfiguration> registerServices)
    {
        ArgumentNullException.ThrowIfNull(registerServices);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        var errors = new List<string>();
        try
        {
            registerServices(services, configuration);
        }
        catch (FormatException ex)
        {
            // A malformed value read while registering (GATEWAY_MASTER_KEYS) stops start-up the same way.
            errors.Add(ex.Message);
            return errors;
        }

        using var provider = services.BuildServiceProvider();
        foreach (var type in GatewayOptionsTypes(services))
        {
            ValidateOneMethod.MakeGenericMethod(type).Invoke(null, [provider, errors]);
        }
        return errors;
    }

    /// <summary>The options types from the gateway's assemblies that something configures (binds) or validates.</summary>
    private static IEnumerable<Type> GatewayOptionsTypes(IServiceCollection services)
    {
        var seen = new HashSet<Type>();
        foreach (var descriptor in services)
        {
            if (!descriptor.ServiceType.IsGenericType)
            {
                continue;
            }
            var definition = descriptor.ServiceType.GetGenericTypeDefinition();
            if (definition != typeof(IConfigureOptions<>) && definition != typeof(IValidateOptions<>))
            {
                continue;
            }
            var type = descriptor.ServiceType.GetGenericArguments()[0];
            if (type.Assembly.GetName().Name?.StartsWith("Gateway.", StringComparison.Ordinal) == true && seen.Add(type))
            {
                yield return type;
            }
        }
    }

    private static void ValidateOne<T>(IServiceProvider provider, List<string> errors)
        where T : class
    {
        var section = SectionOf(typeof(T));
        T options;
        try
        {
            // Bound and configured exactly as IOptions<T> would be, but not yet validated.
            options = new OptionsFactory<T>(provider.GetServices<IConfigureOptions<T>>(), provider.GetServices<IPostConfigureOptions<T>>())
                .Create(Microsoft.Extensions.Options.Options.DefaultName);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key it could not convert.
            errors.Add($"{section}: {ex.Message}");
            return;
        }

        foreach (var validator in provider.GetServices<IValidateOptions<T>>())
        {
            var result = validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
            if (!result.Failed)
            {
                continue;
            }
            if (validator is DataAnnotationValidateOptions<T> && AddMemberErrors(options, section, errors))
            {
                continue;
            }
            foreach (var failure in result.Failures ?? [result.FailureMessage])
            {
                errors.Add($"{PathOf(typeof(T), section, failure)}: {failure}");
            }
        }
    }

    /// <summary>Data-annotation failures, one per member and named by its path; false when none is found at this level.</summary>
    private static bool AddMemberErrors(object options, string section, List<string> errors)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return false;
        }
        foreach (var result in results)
        {
            errors.Add($"{section}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}");
        }
        return true;
    }

    /// <summary>A validator's message that starts with a property's name is about that key: name its full path.</summary>
    private static string PathOf(Type type, string section, string failure)
    {
        var end = failure.IndexOf(' ', StringComparison.Ordinal);
        var first = end > 0 ? failure[..end] : failure;
        return type.GetProperty(first, BindingFlags.Public | BindingFlags.Instance) is null ? section : $"{section}:{first}";
    }

    /// <summary>The configuration section an options type binds: its <c>Section</c> or <c>SectionName</c> constant.</summary>
    private static string SectionOf(Type type)
    {
        foreach (var name in (string[])["Section", "SectionName"])
        {
            if (type.GetField(name, BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() is string section)
            {
                return section;
            }
        }
        return type.Name;
    }
}
