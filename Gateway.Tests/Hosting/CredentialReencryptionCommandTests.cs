using System.Diagnostics;
using Gateway.Data.Providers;
using Gateway.Data.Security;
using Gateway.Proxy.Hosting;

namespace Gateway.Tests.Hosting;

/// <summary>
/// <c>--reencrypt-credentials</c>: with the gateway's own arguments it re-encrypts every stored credential under the
/// newest master key, prints the counts and exits 0, or non-zero (naming the provider) when one cannot be done.
/// </summary>
[TestFixture]
public sealed class CredentialReencryptionCommandTests : DatabaseTest
{
    private readonly string _oldKey = TestMasterKeys.Entry("k1");
    private readonly string _newKey = TestMasterKeys.Entry("k2");
    private string _configDirectory = null!;

    [OneTimeSetUp]
    public async Task WriteConfigAsync()
    {
        _configDirectory = Directory.CreateTempSubdirectory("gw-reencrypt-").FullName;
        await File.WriteAllTextAsync(ConfigPath, $$"""{ "Gateway": { "Keys": {{GatewayHost.KeysJson}} } }""");
    }

    [OneTimeTearDown]
    public void DeleteConfig() => Directory.Delete(_configDirectory, recursive: true);

    private string ConfigPath => Path.Combine(_configDirectory, "gateway.json");

    [Test]
    public async Task Reencrypts_prints_the_counts_and_exits_zero_in_the_real_process()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        await Providers(_oldKey).CreateAsync(new ProviderSpec(id, "openai", "https://api.openai.com/v1", Scope.Global), "sk-cli", CancellationToken.None);

        var (exitCode, output) = await RunProcessAsync(Args($"{_newKey},{_oldKey}"));

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Match(@"Master key k2: [1-9]\d* re-encrypted, \d+ already under it, 0 changed meanwhile, 0 failed\."));
        Assert.That(output, Does.Not.Contain("sk-cli"));
        Assert.That(await Providers(_newKey).DecryptCredentialAsync(id, CancellationToken.None), Is.EqualTo("sk-cli"));
    }

    [Test]
    public async Task Exits_non_zero_naming_a_provider_it_could_not_reencrypt()
    {
        var stray = "stray-" + Guid.NewGuid().ToString("N")[..8];
        await Providers(TestMasterKeys.Entry("k0")).CreateAsync(new ProviderSpec(stray, "openai", "https://api.openai.com/v1", Scope.Global), "sk-x", CancellationToken.None);
        try
        {
            using var output = new StringWriter();
            var exitCode = await CredentialReencryptionCommand.RunAsync(Args($"{_newKey},{_oldKey}"), output);

            Assert.That(exitCode, Is.EqualTo(1), output.ToString());
            Assert.That(output.ToString(), Does.Contain($"Failed: provider {stray} (master key k0)"));
        }
        finally
        {
            await Database.ExecuteAsync("delete from providers where id = $1", stray);
        }
    }

    [Test]
    public async Task Exits_with_2_without_a_database()
    {
        using var output = new StringWriter();

        var exitCode = await CredentialReencryptionCommand.RunAsync(["--config", ConfigPath, CredentialReencryptionCommand.Flag], output);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("no database is configured"));
    }

    private string[] Args(string masterKeys) =>
        ["--config", ConfigPath, "--ConnectionStrings:Gateway", Database.ConnectionString, "--GATEWAY_MASTER_KEYS", masterKeys, CredentialReencryptionCommand.Flag];

    private ProviderRepository Providers(string masterKeys) =>
        new(Database.DataSource, Database.Options, new CredentialProtector(MasterKeyRing.Parse(masterKeys)));

    /// <summary>Runs the built gateway (<c>dotnet Gateway.Proxy.dll ...</c>) and returns its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(GatewayApplication).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }
}
