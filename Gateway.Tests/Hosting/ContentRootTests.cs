using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Hosting;

/// <summary>
/// The host watches its content root (recursively, for appsettings.json). Rooted at the working directory, a gateway
/// started from a checkout watched every folder of the repository and woke for every write below it.
/// </summary>
[TestFixture]
[NonParallelizable] // it moves the process's working directory
public sealed class ContentRootTests
{
    [Test]
    public async Task Roots_the_host_at_the_app_folder_not_the_working_directory()
    {
        var elsewhere = Directory.CreateTempSubdirectory("gw-cwd-").FullName;
        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = elsewhere;
        try
        {
            await using var gateway = await GatewayHost.StartAsync("""
                { "Gateway": {
                    "Providers": { "openai": { "Kind": "openai", "BaseUrl": "http://127.0.0.1:9/v1", "ApiKey": "k" } },
                    "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] } } } }
                """);
            var root = gateway.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;

            Assert.That(Path.TrimEndingDirectorySeparator(root), Is.EqualTo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)));
        }
        finally
        {
            Environment.CurrentDirectory = before;
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
