using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace Gateway.Tests.Hosting;

/// <summary>
/// What a gateway process takes on at start besides serving: the host watches its content root (recursively, for
/// appsettings.json), so rooted at the working directory a gateway started from a checkout watched every folder of the
/// repository and woke for every write below it; Data Protection's hosted service loaded an XML key ring (~4 MB) that
/// the in-memory provider never reads; ASP.NET Core's authorization middleware, which no endpoint needs, ran on every
/// request.
/// </summary>
[TestFixture]
[NonParallelizable] // it moves the process's working directory
public sealed class StartupFootprintTests
{
    private const string ConfigJson = """
        { "Gateway": {
            "Providers": { "openai": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:9/v1", "ApiKey": "k" } },
            "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] } } } }
        """;

    [Test]
    public async Task Roots_the_host_at_the_app_folder_not_the_working_directory()
    {
        var elsewhere = Directory.CreateTempSubdirectory("gw-cwd-").FullName;
        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = elsewhere;
        try
        {
            await using var gateway = await GatewayHost.StartAsync(ConfigJson);
            var root = gateway.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;

            Assert.That(Path.TrimEndingDirectorySeparator(root), Is.EqualTo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)));
        }
        finally
        {
            Environment.CurrentDirectory = before;
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Test]
    public async Task Does_not_start_the_data_protection_key_ring()
    {
        await using var gateway = await GatewayHost.StartAsync(ConfigJson);

        var hosted = gateway.Services.GetServices<IHostedService>().Select(service => service.GetType().FullName);

        Assert.That(hosted, Has.None.Contains("DataProtection"));
        Assert.That(gateway.Services.GetService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), Is.Not.Null,
            "the provider YARP asks for is still there, in memory");
    }

    [Test]
    public async Task Leaves_the_authorization_middleware_out_of_the_pipeline()
    {
        await using var gateway = await GatewayHost.StartAsync(ConfigJson);

        // WebApplication adds the middleware to every request when this service is registered (YARP registers it).
        Assert.That(gateway.Services.GetService<Microsoft.AspNetCore.Authorization.IAuthorizationHandlerProvider>(), Is.Null);
        Assert.That(gateway.Services.GetService<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider>(), Is.Not.Null,
            "what YARP's route validation asks for is still there");
    }
}
