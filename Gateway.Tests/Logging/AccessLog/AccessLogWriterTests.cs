using System.Diagnostics;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Logging.AccessLog;
using Gateway.Proxy.Usage;
using Gateway.Transforms.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Logging.AccessLog;

/// <summary>The usage line written off the request path: the line the console logger would have written, bounded, sampled.</summary>
[TestFixture]
public sealed class AccessLogWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 7, 8, 9, 123, TimeSpan.Zero);

    [TestCase("text")]
    [TestCase("json")]
    public void Writes_the_line_the_console_logger_would_have_written(string format)
    {
        using var host = new Host(format);
        using (new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start())
        using (host.UsageLogger.BeginScope(new RequestLogScope("gen-1796540066-aJIn8ePpx4G2ffY9uROj")))
        {
            foreach (var record in new[] { Record(200), Record(502) with { KeyId = null, ProviderId = null, ServedModel = null, DurationMs = 0.5 } })
            {
                GatewayLog.UsageRecorded(host.UsageLogger, record.Id, record.KeyId, record.RequestedModel, record.ProviderId, record.ServedModel,
                    record.Status, record.Tokens.PromptTokens, record.Tokens.CompletionTokens, record.DurationMs);
                host.Writer.Write(record);
            }
        }
        host.Writer.Flush();

        Assert.That(host.Direct.Lines, Is.Not.Empty);
        Assert.That(host.Output.Lines, Is.EqualTo(host.Direct.Lines));
        if (format == "json")
        {
            var line = JsonDocument.Parse(host.Output.Lines[0]).RootElement;
            Assert.Multiple(() =>
            {
                Assert.That(line.GetProperty("request_id").GetString(), Is.EqualTo("gen-1796540066-aJIn8ePpx4G2ffY9uROj"), "the request's scope");
                Assert.That(line.GetProperty("trace_id").GetString(), Has.Length.EqualTo(32), "the activity's trace");
                Assert.That(line.GetProperty("timestamp").GetString(), Is.EqualTo("2026-12-06T07:08:09.123+00:00"));
            });
        }
    }

    [Test]
    public void Drops_and_counts_lines_past_its_bound_and_keeps_the_others_whole()
    {
        // No flush on its own during the test: the buffer fills.
        using var host = new Host("text", new AccessLogOptions { MaxQueuedBytes = 65_536, FlushMilliseconds = 10_000 });
        host.Writer.Write(Record(200));
        host.Writer.Flush();
        var one = host.Output.Text;
        var fits = 65_536 / System.Text.Encoding.UTF8.GetByteCount(one);

        for (var i = 0; i < 1000; i++)
        {
            host.Writer.Write(Record(200));
        }
        Assert.That(host.Writer.Dropped, Is.EqualTo(1000 - fits));
        host.Writer.Flush();

        Assert.That(host.Output.Text, Is.EqualTo(string.Concat(Enumerable.Repeat(one, fits + 1))), "every kept line whole, in order");
        host.Writer.Write(Record(200));
        host.Writer.Flush();
        Assert.That(host.Writer.Dropped, Is.EqualTo(1000 - fits), "room again once written");
    }

    [Test]
    public void Samples_successes_and_writes_every_failure()
    {
        using var host = new Host("text", new AccessLogOptions { SampleRate = 0 });
        for (var i = 0; i < 10; i++)
        {
            host.Writer.Write(Record(200));
        }
        host.Writer.Write(Record(429));
        host.Writer.Write(Record(502));
        host.Writer.Flush();

        Assert.That(host.Output.Lines.Where(line => line.Contains("Usage gen-", StringComparison.Ordinal)).ToList(),
            Has.Count.EqualTo(2).And.All.Matches<string>(line => line.Contains("status 429", StringComparison.Ordinal) || line.Contains("status 502", StringComparison.Ordinal)));
    }

    [Test]
    public void Writes_nothing_when_turned_off_or_below_the_log_level()
    {
        using var off = new Host("text", new AccessLogOptions { Enabled = false });
        using var quiet = new Host("text", level: LogLevel.Warning);
        foreach (var host in new[] { off, quiet })
        {
            host.Writer.Write(Record(200));
            host.Writer.Write(Record(500));
            host.Writer.Flush();
        }

        Assert.Multiple(() =>
        {
            Assert.That(off.Output.Text, Is.Empty);
            Assert.That(quiet.Output.Text, Is.Empty);
        });
    }

    [Test]
    public async Task Writes_a_batch_on_its_own_after_the_flush_interval()
    {
        using var host = new Host("text", new AccessLogOptions { FlushMilliseconds = 20 });
        for (var i = 0; i < 50; i++)
        {
            host.Writer.Write(Record(200));
        }

        await host.Output.WaitForLineAsync(line => line.Contains("Usage gen-", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.That(host.Output.Writes, Is.LessThan(50), "lines go out many to a write");
    }

    private static UsageRecord Record(int status) => new()
    {
        Id = "gen-1796540066-aJIn8ePpx4G2ffY9uROj",
        CreatedAt = Now,
        KeyId = "dev",
        RequestedModel = "gpt-4o-mini",
        ProviderId = "openai",
        ServedModel = "gpt-4o-mini-2024-07-18",
        Status = status,
        Tokens = new TokenUsage(19, 10, 0, 0, 0),
        DurationMs = 312.7316,
    };

    /// <summary>The gateway's logging set up as the host does, the console itself replaced by lines kept in memory.</summary>
    private sealed class Host : IDisposable
    {
        private readonly ServiceProvider _services;

        public Host(string format, AccessLogOptions? options = null, LogLevel level = LogLevel.Information)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:Logging:Format"] = format,
            }).Build();
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton<TimeProvider>(new ManualClock(Now));
            services.AddLogging(logging =>
            {
                logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
                logging.SetMinimumLevel(level);
                logging.AddConsole();
                ConsoleLogFormat.Configure(logging, configuration);
                // The real console stays quiet; the formatters it would use are what the lines are made with.
                logging.AddFilter<ConsoleLoggerProvider>(_ => false);
            });
            AccessLogServices.Add(services);
            services.AddSingleton<IOptionsMonitor<AccessLogOptions>>(new StaticOptionsMonitor<AccessLogOptions>(options ?? new AccessLogOptions()));
            services.AddSingleton<IAccessLogOutput>(Output);
            services.AddSingleton<ILoggerProvider>(provider => Direct = FormattingLoggerProvider.UsingConsoleFormatter(
                provider, format == "json" ? GatewayJsonConsoleFormatter.FormatterName : ConsoleFormatterNames.Simple));
            _services = services.BuildServiceProvider();
            UsageLogger = _services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LoggingUsageSink).FullName!);
            Writer = _services.GetRequiredService<AccessLogWriter>();
        }

        public CollectingAccessLogOutput Output { get; } = new();

        /// <summary>What the usage line logged directly gives, with the same formatter and scopes.</summary>
        public FormattingLoggerProvider Direct { get; private set; } = null!;

        public ILogger UsageLogger { get; }

        public AccessLogWriter Writer { get; }

        public void Dispose()
        {
            _services.Dispose();
            Output.Dispose();
        }
    }
}
