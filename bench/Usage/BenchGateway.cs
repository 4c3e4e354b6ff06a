using Gateway.Proxy.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Bench.Usage;

/// <summary>The real gateway in-process, on the bench database, with usage recording on or off.</summary>
internal sealed class BenchGateway : IAsyncDisposable
{
    public const string ClientKey = "gw-bench-client-key-0123456789";

    private readonly WebApplication _app;
    private readonly string _directory;

    private BenchGateway(WebApplication app, string directory, Uri baseAddress)
    {
        _app = app;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<BenchGateway> StartAsync(string upstreamUrl, string connectionString, bool recordUsage)
    {
        var directory = Directory.CreateTempSubdirectory("gw-usage-bench-").FullName;
        var config = Path.Combine(directory, "gateway.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Gateway": {
                "Providers": { "upstream": { "Kind": "openai", "BaseUrl": "{{upstreamUrl}}/v1", "ApiKey": "k" } },
                "Models": { "chat": { "Targets": [ { "Provider": "upstream", "Model": "bench-model", "Price": { "InputPerMTok": 2.5, "OutputPerMTok": 10 } } ] } },
                "Keys": { "bench": { "KeyHash": "sha256:{{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ClientKey)))}}" } }
              }
            }
            """);
        var app = GatewayApplication.Build(
        [
            "--config", config, "--urls", "http://127.0.0.1:0",
            "--ConnectionStrings:Gateway", connectionString,
            "--Gateway:Usage:StoreInDatabase", recordUsage ? "true" : "false",
            "--Gateway:Usage:SpoolDirectory", Path.Combine(directory, "spool"),
            // Stopping need not wait for load balancers here.
            "--Gateway:Shutdown:PreStopDelaySeconds", "0",
            // Without the database the sink logs one line per request: off means off, not "to the console".
            "--Logging:LogLevel:Default", "Warning",
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BenchGateway(app, directory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
