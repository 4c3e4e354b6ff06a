using Gateway.Proxy.Hosting;

namespace Gateway.Proxy.Configuration;

/// <summary>
/// <c>--check-config FILE</c>: validates a config file as start-up and reload do (<see cref="GatewayConfigValidator"/>),
/// prints the errors by path and exits, without starting the server or opening a database connection.
/// Exit codes: 0 valid, 1 invalid, 2 the file cannot be read (or no file was named).
/// </summary>
internal static class ConfigCheckCommand
{
    public const string Option = "--check-config";

    public const int Valid = 0;
    public const int Invalid = 1;
    public const int Unreadable = 2;

    public static bool IsRequested(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Array.Exists(args, arg => arg == Option || arg.StartsWith(Option + "=", StringComparison.Ordinal));
    }

    /// <param name="args">The command line, holding <c>--check-config FILE</c> (or <c>--check-config=FILE</c>).</param>
    /// <param name="output">Where the verdict goes.</param>
    /// <param name="errorOutput">Where errors and warnings go.</param>
    public static int Run(string[] args, TextWriter output, TextWriter errorOutput)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errorOutput);
        var file = FileArgument(args);
        if (string.IsNullOrWhiteSpace(file))
        {
            errorOutput.WriteLine($"usage: {Option} FILE   (the gateway.json to check; its catalog file is read from beside it)");
            return Unreadable;
        }

        var path = Path.GetFullPath(file);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errorOutput.WriteLine($"{path}: cannot be read: {ex.Message}");
            return Unreadable;
        }

        if (!GatewayConfigFileProvider.TryParse(path, bytes, out var data, out var parseError))
        {
            return Report(path, [parseError], [], output, errorOutput);
        }
        var validator = GatewayApplication.CreateConfigValidator(new GatewayConfigFiles(path));
        var result = validator.Validate(GatewayConfigValidator.Candidate(data));
        return Report(path, result.Errors, result.Warnings, output, errorOutput, result.Catalog);
    }

    private static int Report(
        string path, IReadOnlyList<string> errors, IReadOnlyList<string> warnings, TextWriter output, TextWriter errorOutput,
        Gateway.Policies.Catalog.GatewayCatalog? catalog = null)
    {
        foreach (var warning in warnings)
        {
            errorOutput.WriteLine($"warning: {warning}");
        }
        if (errors.Count > 0)
        {
            errorOutput.WriteLine($"{path}: invalid, {errors.Count} error{(errors.Count == 1 ? "" : "s")}:");
            foreach (var error in errors)
            {
                errorOutput.WriteLine($"  {error}");
            }
            return Invalid;
        }
        output.WriteLine($"{path}: valid ({catalog?.Providers.Count} providers, {catalog?.Routes.Count} models, {catalog?.Keys.Count} keys)");
        return Valid;
    }

    private static string? FileArgument(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == Option)
            {
                return i + 1 < args.Length ? args[i + 1] : null;
            }
            if (args[i].StartsWith(Option + "=", StringComparison.Ordinal))
            {
                return args[i][(Option.Length + 1)..];
            }
        }
        return null;
    }
}
