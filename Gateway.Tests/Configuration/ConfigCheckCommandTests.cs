using System.Diagnostics;
using Gateway.Proxy.Configuration;

namespace Gateway.Tests.Configuration;

/// <summary>
/// <c>--check-config FILE</c>: the verdict start-up and reload would give, by exit code and with every error named by
/// its path, without starting a server or touching a database.
/// </summary>
[TestFixture]
public sealed class ConfigCheckCommandTests
{
    private string _directory = null!;

    private string ConfigPath => Path.Combine(_directory, "gateway.json");

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("gw-check-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase("config/gateway.json")]
    [TestCase("deploy/kubernetes/config/gateway.json")]
    public void Accepts_the_shipped_config(string file)
    {
        var (exitCode, output, errors) = Check(Path.Combine(RepositoryRoot(), file));

        Assert.That(exitCode, Is.EqualTo(ConfigCheckCommand.Valid), errors);
        Assert.That(output, Does.Contain("valid ("));
    }

    [TestCase("""{ "Gateway": { "Limits": { "MaxAttempts": 0 } } }""", "Gateway:Limits:MaxAttempts: ")]
    [TestCase("""{ "Gateway": { "Timeouts": { "UpstreamSeconds": "soon" } } }""", "Gateway:Timeouts: ")]
    [TestCase("""{ "Gateway": { "Usage": { "BatchSize": "many" } } }""", "Gateway:Usage: ")]
    [TestCase("""{ "Gateway": { "Resilience": { "MaxRetriesPerCandidate": -1 } } }""", "Gateway:Resilience:MaxRetriesPerCandidate: ")]
    [TestCase("""{ "Gateway": { "Logging": { "Format": "xml" } } }""", "Gateway:Logging:Format: ")]
    [TestCase("""{ "Gateway": { "Admin": { "MaxPageSize": 0 } } }""", "Gateway:Admin:MaxPageSize: ")]
    [TestCase("""{ "Gateway": { "Data": { "MaxPageSize": 0 } } }""", "Gateway:Data:MaxPageSize: ")]
    [TestCase("""{ "Gateway": { "Models": { "m": { "Targets": [ { "Provider": "nope", "Model": "x" } ] } } } }""", "Gateway:Models:m:Targets:0:Provider: ")]
    [TestCase("""{ "Gateway": { "Providers": { "p": { "Kind": "martian", "BaseUrl": "http://h" } } } }""", "Gateway:Providers:p:Kind: ")]
    [TestCase("""{ "Gateway": { "Providers": """, "not valid JSON")]
    public void Rejects_a_broken_config_naming_the_path(string json, string expected)
    {
        File.WriteAllText(ConfigPath, json);

        var (exitCode, _, errors) = Check(ConfigPath);

        Assert.That(exitCode, Is.EqualTo(ConfigCheckCommand.Invalid));
        Assert.That(errors, Does.Contain(expected));
    }

    [Test]
    public void Names_every_error_at_once()
    {
        File.WriteAllText(ConfigPath, """
            { "Gateway": {
                "Providers": { "x": { "Kind": "openai", "BaseUrl": "not a url" } },
                "Models": { "n": { "Targets": [ { "Provider": "z", "Model": "m" } ] } },
                "Limits": { "MaxAttempts": 0 },
                "Usage": { "BatchSize": 0 },
                "Quotas": { "ExpectedReplicas": 0 } } }
            """);

        var (exitCode, _, errors) = Check(ConfigPath);

        Assert.That(exitCode, Is.EqualTo(ConfigCheckCommand.Invalid));
        Assert.That(errors, Does.Contain("Gateway:Providers:x:BaseUrl: ")
            .And.Contain("Gateway:Models:n:Targets:0:Provider: ")
            .And.Contain("Gateway:Limits:MaxAttempts: ")
            .And.Contain("Gateway:Usage:BatchSize: ")
            .And.Contain("Gateway:Quotas:ExpectedReplicas: "));
        Assert.That(errors.Split('\n').Count(line => line.Contains("Gateway:Limits:MaxAttempts", StringComparison.Ordinal)), Is.EqualTo(1),
            "a section the catalog loader also checks is reported once");
    }

    [Test]
    public void Rejects_a_config_whose_catalog_file_is_broken()
    {
        File.WriteAllText(ConfigPath, """{ "Gateway": { } }""");
        File.WriteAllText(Path.Combine(_directory, "catalog.json"), "{ not json");

        var (exitCode, _, errors) = Check(ConfigPath);

        Assert.That(exitCode, Is.EqualTo(ConfigCheckCommand.Invalid));
        Assert.That(errors, Does.Contain("catalog.json: not a valid catalog"));
    }

    [Test]
    public void Answers_2_for_a_file_that_cannot_be_read()
    {
        var (missing, _, missingErrors) = Check(Path.Combine(_directory, "absent.json"));
        var (directory, _, _) = Check(_directory);
        var (none, _, usage) = Run(["--check-config"]);

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.EqualTo(ConfigCheckCommand.Unreadable));
            Assert.That(missingErrors, Does.Contain("absent.json: cannot be read"));
            Assert.That(directory, Is.EqualTo(ConfigCheckCommand.Unreadable));
            Assert.That(none, Is.EqualTo(ConfigCheckCommand.Unreadable));
            Assert.That(usage, Does.Contain("usage:"));
        });
    }

    [Test]
    public async Task Runs_from_the_command_line_without_a_server_or_a_database()
    {
        File.WriteAllText(ConfigPath, """{ "Gateway": { "Limits": { "MaxAttempts": 0 } } }""");
        var good = Path.Combine(_directory, "good.json");
        File.WriteAllText(good, """{ "Gateway": { } }""");

        // A connection string to a port nobody listens on: the check must not try it (nor hang on it).
        var (badExit, badErrors) = await RunProcessAsync(ConfigPath);
        var (goodExit, _) = await RunProcessAsync(good);

        Assert.Multiple(() =>
        {
            Assert.That(badExit, Is.EqualTo(1));
            Assert.That(badErrors, Does.Contain("Gateway:Limits:MaxAttempts: "));
            Assert.That(goodExit, Is.EqualTo(0));
        });
    }

    private static (int ExitCode, string Output, string Errors) Check(string path) => Run(["--check-config", path]);

    private static (int ExitCode, string Output, string Errors) Run(string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = ConfigCheckCommand.Run(args, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }

    private static async Task<(int ExitCode, string Errors)> RunProcessAsync(string config)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Gateway.Proxy.dll"));
        start.ArgumentList.Add("--check-config");
        start.ArgumentList.Add(config);
        start.Environment["ConnectionStrings__Gateway"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=60";
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await errors);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Gateway.sln not found above the test directory.");
    }
}
