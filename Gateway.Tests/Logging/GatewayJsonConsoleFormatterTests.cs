using System.Diagnostics;
using Gateway.Policies.Diagnostics;
using Gateway.Proxy.Logging;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Logging;

/// <summary>The JSON log format: one object a line, with the request's id and trace as fields an aggregator can index.</summary>
[TestFixture]
public sealed class GatewayJsonConsoleFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    [Test]
    public void Writes_the_request_id_and_trace_as_fields_for_a_line_logged_inside_a_request_scope()
    {
        var (factory, lines) = CreateFactory();
        using (factory)
        using (var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            var logger = factory.CreateLogger("Gateway.Proxy.Usage.LoggingUsageSink");
            using (logger.BeginScope(new RequestLogScope("gen-1772600767-abcdefghij0123456789")))
            {
                GatewayLog.UsageRecorded(logger, "gen-1772600767-abcdefghij0123456789", "dev", "gpt-4o", "openai", "gpt-4o-2024-08-06", 200, 12, 34, 56.5);
            }

            var line = JsonDocument.Parse(lines.Lines.Single()).RootElement;
            Assert.Multiple(() =>
            {
                Assert.That(line.GetProperty("timestamp").GetString(), Is.EqualTo("2026-03-04T05:06:07.89+00:00"));
                Assert.That(line.GetProperty("level").GetString(), Is.EqualTo("Information"));
                Assert.That(line.GetProperty("event_id").GetInt32(), Is.EqualTo(GatewayEventIds.UsageRecorded));
                Assert.That(line.GetProperty("event_name").GetString(), Is.EqualTo("UsageRecorded"));
                Assert.That(line.GetProperty("category").GetString(), Is.EqualTo("Gateway.Proxy.Usage.LoggingUsageSink"));
                Assert.That(line.GetProperty("message").GetString(), Does.StartWith("Usage gen-1772600767-abcdefghij0123456789: key dev model gpt-4o"));
                Assert.That(line.GetProperty("request_id").GetString(), Is.EqualTo("gen-1772600767-abcdefghij0123456789"));
                Assert.That(line.GetProperty("trace_id").GetString(), Is.EqualTo(activity.TraceId.ToHexString()));
                Assert.That(line.GetProperty("span_id").GetString(), Is.EqualTo(activity.SpanId.ToHexString()));
                var fields = line.GetProperty("fields");
                Assert.That(fields.GetProperty("Status").GetInt32(), Is.EqualTo(200), "numbers stay numbers");
                Assert.That(fields.GetProperty("DurationMs").GetDouble(), Is.EqualTo(56.5));
                Assert.That(fields.GetProperty("Provider").GetString(), Is.EqualTo("openai"));
                Assert.That(fields.TryGetProperty("{OriginalFormat}", out _), Is.False);
                Assert.That(line.GetProperty("scope").TryGetProperty("TraceId", out _), Is.False, "the trace is not repeated in scope");
            });
        }
    }

    [Test]
    public void Leaves_out_the_request_fields_outside_a_request()
    {
        var (factory, lines) = CreateFactory();
        using (factory)
        {
            var logger = factory.CreateLogger("Gateway.Proxy.Configuration.CatalogPublisher");
            GatewayLog.CatalogPublished(logger, 3, 2, 5, 1);
        }

        var line = JsonDocument.Parse(lines.Lines.Single()).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(line.GetProperty("message").GetString(), Is.EqualTo("Catalog revision 3 published: 2 providers, 5 models, 1 keys"));
            Assert.That(line.TryGetProperty("request_id", out _), Is.False);
            Assert.That(line.TryGetProperty("trace_id", out _), Is.False);
            Assert.That(line.TryGetProperty("scope", out _), Is.False);
        });
    }

    [Test]
    public void Keeps_a_message_with_line_breaks_and_an_exception_on_one_line()
    {
        var (factory, lines) = CreateFactory();
        using (factory)
        {
            var logger = factory.CreateLogger("test");
            GatewayLog.ConfigRejected(logger, "first line\nsecond line \"quoted\" ünïcode");
            GatewayLog.UnhandledException(logger, new InvalidOperationException("boom\nat two lines"), "POST", "/v1/chat/completions");
        }

        Assert.That(lines.Lines, Has.Count.EqualTo(2));
        var rejected = JsonDocument.Parse(lines.Lines[0]).RootElement;
        var failed = JsonDocument.Parse(lines.Lines[1]).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(rejected.GetProperty("message").GetString(), Does.EndWith("first line\nsecond line \"quoted\" ünïcode"));
            Assert.That(lines.Lines[0], Does.Contain("ünïcode"), "non-ASCII text is written as is, not \\u-escaped");
            Assert.That(failed.GetProperty("level").GetString(), Is.EqualTo("Error"));
            Assert.That(failed.GetProperty("exception").GetString(), Does.StartWith("System.InvalidOperationException: boom\nat two lines"));
        });
    }

    private static (ILoggerFactory Factory, FormattingLoggerProvider Lines) CreateFactory()
    {
        var lines = new FormattingLoggerProvider(new GatewayJsonConsoleFormatter(new ManualClock(Now)));
        var factory = LoggerFactory.Create(logging =>
        {
            // As the host configures it: the current activity's trace becomes a scope.
            logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(lines);
        });
        return (factory, lines);
    }
}
