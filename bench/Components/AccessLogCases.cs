using System.Diagnostics;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Logging.AccessLog;
using Gateway.Proxy.Usage;
using Gateway.Transforms.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Bench.Components;

/// <summary>
/// The usage line, logged directly through the console logger (as before) and through <see cref="AccessLogWriter"/>,
/// in both log formats, inside a request-like scope (an Activity and the gateway's request scope). Run with standard
/// output redirected to a file: the console's cost depends on where it goes.
/// </summary>
internal static class AccessLogCases
{
    private static readonly UsageRecord Record = new()
    {
        Id = "gen-1796540066-aJIn8ePpx4G2ffY9uROj",
        CreatedAt = DateTimeOffset.UtcNow,
        KeyId = "bench",
        RequestedModel = "gpt-4o-mini",
        ProviderId = "fake",
        ServedModel = "gpt-4o-mini-2024-07-18",
        Status = 200,
        Tokens = new TokenUsage(19, 10, 0, 0, 0),
        DurationMs = 1.2345,
    };

    public static void Run(int operations)
    {
        foreach (var json in new[] { false, true })
        {
            var format = json ? "json" : "text";
            using var services = Services(json);
            var loggers = services.GetRequiredService<ILoggerFactory>();
            var logger = loggers.CreateLogger(typeof(LoggingUsageSink).FullName!);
            var writer = services.GetRequiredService<AccessLogWriter>();
            using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
            using var scope = logger.BeginScope(new RequestLogScope(Record.Id));
            CpuTime.Measure($"usage line, {format}: logged directly (console logger)", operations,
                () => GatewayLog.UsageRecorded(logger, Record.Id, Record.KeyId, Record.RequestedModel, Record.ProviderId, Record.ServedModel,
                    Record.Status, Record.Tokens.PromptTokens, Record.Tokens.CompletionTokens, Record.DurationMs),
                () => Thread.Sleep(200));
            CpuTime.Measure($"usage line, {format}: AccessLogWriter", operations, () => writer.Write(Record), writer.Flush);
        }
    }

    private static ServiceProvider Services(bool json)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Logging:Format"] = json ? "json" : "text",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging(logging =>
        {
            logging.AddConsole();
            ConsoleLogFormat.Configure(logging, configuration);
        });
        AccessLogServices.Add(services);
        return services.BuildServiceProvider();
    }
}
