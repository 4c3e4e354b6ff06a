using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gateway.Policies.Catalog;
using Gateway.Policies.Keys;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Logging.AccessLog;
using Gateway.Proxy.Metrics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>
/// A private copy of the gateway for the warm-up, in the same process (so the code it makes the JIT compile is the real
/// host's too): the real host's settings, but one provider (the <see cref="WarmUpProvider"/>), one alias and one
/// random key; no environment (no database, no tracing), a loopback port of its own, series that nothing exports,
/// and log and access lines formatted but written nowhere.
/// </summary>
internal sealed class WarmUpGateway : IAsyncDisposable
{
    /// <summary>The alias the warm-up's requests name.</summary>
    public const string Alias = "warm-up";

    // The real host's settings that shape the request path; providers, models, keys and everything that names them stay out.
    private static readonly string[] CopiedSections =
    [
        "Auth", "Security", "Limits", "Timeouts", "Resilience", "Health", "TokenCounting", "Quotas", "Usage", "Server", "Logging",
    ];

    private readonly WebApplication _app;
    private readonly string _directory;

    private WarmUpGateway(WebApplication app, string directory, Uri baseAddress, string key)
    {
        _app = app;
        _directory = directory;
        BaseAddress = baseAddress;
        Key = key;
    }

    public Uri BaseAddress { get; }

    /// <summary>The only key it accepts: random, never written anywhere (its config holds the hash).</summary>
    public string Key { get; }

    public static async Task<WarmUpGateway> StartAsync(
        Uri provider, IConfiguration real, GatewayConfigFiles files, GatewayCatalog catalog, CancellationToken cancellationToken)
    {
        var key = "gw-warmup-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var directory = Directory.CreateTempSubdirectory("gateway-warm-up-").FullName;
        try
        {
            var configPath = Path.Combine(directory, "gateway.json");
            await File.WriteAllTextAsync(configPath, ConfigJson(provider, key, files.CatalogPath(real["Gateway:CatalogFile"]), TargetModel(catalog)), cancellationToken)
                .ConfigureAwait(false);
            var app = GatewayApplication.Build(Arguments(configPath, real), ReplaceServices, readEnvironment: false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Urls.First();
            return new WarmUpGateway(app, directory, new Uri(address), key);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static void ReplaceServices(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton(MetricsRegistry.CreateUnexported()));
        services.Replace(ServiceDescriptor.Singleton<IAccessLogOutput, DiscardedAccessLogOutput>());
        services.Replace(ServiceDescriptor.Singleton<IHostLifetime, WarmUpHostLifetime>());
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(ILoggerProvider) && services[i].ImplementationType == typeof(ConsoleLoggerProvider))
            {
                services.RemoveAt(i);
            }
        }
        services.AddSingleton<ILoggerProvider, DiscardingLoggerProvider>();
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    private static string[] Arguments(string configPath, IConfiguration real)
    {
        var arguments = new List<string> { "--config", configPath };
        foreach (var section in CopiedSections)
        {
            foreach (var (name, value) in real.GetSection("Gateway:" + section).AsEnumerable())
            {
                if (value is not null)
                {
                    arguments.Add($"--{name}={value}");
                }
            }
        }
        // Nothing balances load to it and it stops only when done: no drain.
        arguments.Add("--Gateway:Shutdown:PreStopDelaySeconds=0");
        arguments.Add("--Gateway:Shutdown:DrainSeconds=1");
        return [.. arguments];
    }

    /// <summary>A model the real catalog routes to at an OpenAI-kind provider, so the warm-up loads no tokenizer the real host would not.</summary>
    private static string TargetModel(GatewayCatalog catalog)
    {
        foreach (var route in catalog.Routes.Values)
        {
            foreach (var target in route.Targets)
            {
                if (string.Equals(target.Provider.Kind, "openai", StringComparison.Ordinal))
                {
                    return target.Model;
                }
            }
        }
        return "gpt-4o-mini";
    }

    private static string ConfigJson(Uri provider, string key, string catalogPath, string model)
    {
        var config = new JsonObject
        {
            ["Gateway"] = new JsonObject
            {
                ["CatalogFile"] = catalogPath,
                ["Providers"] = new JsonObject { [Alias] = new JsonObject { ["Kind"] = "openai", ["BaseUrl"] = provider.ToString() } },
                ["Models"] = new JsonObject
                {
                    [Alias] = new JsonObject { ["Targets"] = new JsonArray(new JsonObject { ["Provider"] = Alias, ["Model"] = model }) },
                },
                ["Keys"] = new JsonObject { [Alias] = new JsonObject { ["KeyHash"] = "sha256:" + KeyHash.Compute(key).ToHex() } },
                ["Dashboard"] = new JsonObject { ["Enabled"] = false },
                ["WarmUp"] = new JsonObject { ["Enabled"] = false },
            },
        };
        return config.ToJsonString();
    }
}
