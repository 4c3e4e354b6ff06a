using System.ClientModel;
using System.ClientModel.Primitives;
using System.Security.Cryptography;
using Gateway.Proxy.Hosting;
using Microsoft.AspNetCore.Builder;
using OpenAI;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway, in-process on a real loopback port, with its config in a temp folder the test can rewrite.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const string ClientKey = "gw-test-client-key-0123456789";

    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, string directory, Uri baseAddress)
    {
        _app = app;
        ConfigDirectory = directory;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ClientKey);
    }

    public string ConfigDirectory { get; }

    public string ConfigPath => Path.Combine(ConfigDirectory, "gateway.json");

    public Uri BaseAddress { get; }

    /// <summary>An HTTP client that sends the test key.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>SHA-256 hex of <see cref="ClientKey"/>, for configs that carry only hashes.</summary>
    public static string ClientKeyHash => KeyHash(ClientKey);

    /// <summary>SHA-256 hex of <paramref name="key"/>, as a config key entry's <c>KeyHash</c> carries it (after <c>sha256:</c>).</summary>
    public static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The keys section every test config uses: the test key, by hash.</summary>
    public static string KeysJson => $$"""{ "test": { "KeyHash": "sha256:{{ClientKeyHash}}" } }""";

    /// <summary>A health section that never takes anything out (no cooldown, ejection or credential outage), for fixtures that provoke provider errors on purpose.</summary>
    public static string NoCooldownsJson =>
        """{ "RateLimitCooldownSeconds": 0, "MaxRetryAfterSeconds": 0, "EjectionSeconds": 0, "MaxEjectionSeconds": 0, "AuthFailureCooldownSeconds": 0 }""";

    /// <summary>A resilience section for the same fixtures: circuits that never open and no retries, so each provoked error is seen once.</summary>
    public static string NoBreakersJson =>
        """{ "BreakerFailureThreshold": 10000, "BreakerMinimumThroughput": 100000, "MaxRetriesPerCandidate": 0 }""";

    public static Task<GatewayHost> StartAsync(string configJson, string? catalogJson = null, params string[] extraArgs) =>
        StartAsync(configJson, catalogJson, null, extraArgs);

    /// <summary>Starts the gateway with some of its services replaced (registered after the gateway's own).</summary>
    public static Task<GatewayHost> StartAsync(string configJson, Action<IServiceCollection> configureServices, params string[] extraArgs) =>
        StartAsync(configJson, null, configureServices, extraArgs);

    /// <summary>Starts the gateway with a catalog and some of its services replaced, either optional.</summary>
    public static async Task<GatewayHost> StartAsync(string configJson, string? catalogJson, Action<IServiceCollection>? configureServices, params string[] extraArgs)
    {
        var directory = Directory.CreateTempSubdirectory("gw-test-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "gateway.json"), configJson);
        if (catalogJson is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "catalog.json"), catalogJson);
        }
        // No pre-stop delay: nothing balances load to a test's gateway, and every fixture stops one.
        string[] args = ["--config", Path.Combine(directory, "gateway.json"), "--urls", "http://127.0.0.1:0", "--Gateway:Shutdown:PreStopDelaySeconds", "0", .. extraArgs];
        var app = GatewayApplication.Build(args, configureServices);
        await app.StartAsync();
        return new GatewayHost(app, directory, new Uri(LoopbackServer.AddressOf(app)));
    }

    public ChatClient ChatClient(string model, string? key = null) =>
        OpenAIClient(key).GetChatClient(model);

    public OpenAIClient OpenAIClient(string? key = null) =>
        new(new ApiKeyCredential(key ?? ClientKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(BaseAddress, "/v1"),
            NetworkTimeout = TimeSpan.FromSeconds(30),
            RetryPolicy = new ClientRetryPolicy(0),
        });

    /// <summary>A chat request body for <paramref name="model"/> that says "hi".</summary>
    public static string HiChatBody(string model) => $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""";

    /// <summary>
    /// POSTs the chat request <paramref name="body"/> to <c>/v1/chat/completions</c> as the holder of <paramref name="key"/>, over
    /// plain HTTP for what the SDK does not show (status, headers, raw body); the answer comes with its body read.
    /// </summary>
    public async Task<HttpResponseMessage> PostChatAsync(string body, string key = ClientKey)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/v1/chat/completions", content);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Replaces the config file the way editors and ConfigMaps do: write a new file, rename it over the old.</summary>
    public async Task ReplaceConfigAsync(string configJson)
    {
        var temp = Path.Combine(ConfigDirectory, $".gateway.json.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temp, configJson);
        File.Move(temp, ConfigPath, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(ConfigDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
