using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Gateway.Proxy.Configuration;

/// <summary>
/// One options section as start-up checks it: bound from configuration, then its data annotations
/// (<c>ValidateDataAnnotations</c>) and its <see cref="IValidateOptions{TOptions}"/> validators. Each error names the
/// key it is about (<c>Gateway:Resilience:BreakerFailureThreshold: …</c>).
/// </summary>
internal sealed class OptionsSection
{
    private readonly Action<IConfiguration, List<string>> _validate;

    private OptionsSection(string path, Type optionsType, Action<IConfiguration, List<string>> validate)
    {
        Path = path;
        OptionsType = optionsType;
        _validate = validate;
    }

    public string Path { get; }

    public Type OptionsType { get; }

    public static OptionsSection For<T>(string path, params IValidateOptions<T>[] validators)
        where T : class, new() =>
        new(path, typeof(T), (configuration, errors) => Check(configuration, path, validators, errors));

    public void Validate(IConfiguration configuration, List<string> errors) => _validate(configuration, errors);

    private static void Check<T>(IConfiguration configuration, string path, IValidateOptions<T>[] validators, List<string> errors)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(path).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key it could not convert.
            errors.Add($"{path}: {ex.InnerException?.Message ?? ex.Message}");
            return;
        }
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                errors.Add($"{path}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}");
            }
        }
        foreach (var validator in validators)
        {
            var result = validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
            if (result.Failed)
            {
                foreach (var failure in result.Failures ?? [result.FailureMessage])
                {
                    errors.Add($"{PathOf<T>(path, failure)}: {failure}");
                }
            }
        }
    }

    /// <summary>A failure that starts with a property's name is about that key.</summary>
    private static string PathOf<T>(string path, string failure)
    {
        var end = failure.IndexOf(' ', StringComparison.Ordinal);
        var first = end > 0 ? failure[..end] : failure;
        return typeof(T).GetProperty(first, BindingFlags.Public | BindingFlags.Instance) is null ? path : $"{path}:{first}";
    }
}
