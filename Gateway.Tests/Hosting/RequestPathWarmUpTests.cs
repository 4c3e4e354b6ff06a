using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Proxy.Hosting.WarmUp;
using Gateway.Proxy.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Gateway.Tests.Hosting;

/// <summary>
/// The start-up warm-up (<c>Gateway:WarmUp</c>): <c>/readyz</c> turns ready only after it has run its requests through
/// the private copy of the gateway; nothing of it reaches the real gateway's usage records, access lines or metrics;
/// and a warm-up that cannot run logs why and lets readiness go on.
/// </summary>
[TestFixture]
public sealed partial class RequestPathWarmUpTests
{
    private FakeProvider _provider = null!;

    [OneTimeSetUp]
    public void StartProvider() => _provider = FakeProvider.AnsweringChats();

    [OneTimeTearDown]
    public void StopProvider() => _provider.Dispose();

    [Test]
    public async Task Readyz_answers_ready_only_after_the_warm_up_has_run_its_requests()
    {
        FormattingLoggerProvider? lines = null;
        await using var gateway = await GatewayHost.StartAsync(Config(), services => services.AddSingleton<ILoggerProvider>(
            sp => lines = FormattingLoggerProvider.UsingConsoleFormatter(sp, ConsoleFormatterNames.Simple)));

        var firstAnswer = await ReadyzStatusAsync(gateway);
        var doneWhenReady = await WaitUntilReadyAsync(gateway, () => lines!.Lines.Any(line => line.Contains("Warm-up done", StringComparison.Ordinal)));

        var done = lines!.Lines.Single(line => line.Contains("Warm-up done", StringComparison.Ordinal));
        var counts = DoneLine().Match(done);
        Assert.Multiple(() =>
        {
            Assert.That(doneWhenReady, Is.True, "the warm-up had ended when /readyz first answered 200");
            Assert.That(firstAnswer, Is.EqualTo(HttpStatusCode.ServiceUnavailable).Or.EqualTo(HttpStatusCode.OK), "at once after start: held, unless already done");
            Assert.That(counts.Success, Is.True, done);
            Assert.That(int.Parse(counts.Groups["requests"].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(200), done);
            Assert.That(int.Parse(counts.Groups["failed"].Value, CultureInfo.InvariantCulture), Is.Zero, done);
            Assert.That(gateway.Services.GetRequiredService<RequestPathWarmUp>().Completion.IsCompletedSuccessfully, Is.True);
        });
    }

    [Test]
    public async Task The_warm_up_leaves_no_usage_record_access_line_or_metric_in_the_real_gateway()
    {
        var usage = new RecordingUsageSink();
        await using var gateway = await GatewayHost.StartAsync(Config(), services => services.AddSingleton<IUsageSink>(usage));
        await WaitUntilReadyAsync(gateway, () => true);
        await gateway.Services.GetRequiredService<RequestPathWarmUp>().Completion;

        var metrics = await MetricsText.CollectAsync();
        var before = await MetricsText.ValueAsync(RequestsSeries);
        var answer = await gateway.ChatClient("chat").CompleteChatAsync([new UserChatMessage("hi")]);
        var record = await usage.NextAsync(TimeSpan.FromSeconds(10));
        var after = await MetricsText.ValueAsync(RequestsSeries);

        Assert.Multiple(() =>
        {
            Assert.That(metrics, Does.Not.Contain("\"warm-up\""), "no series labelled with the warm-up's provider or alias");
            Assert.That(record.RequestedModel, Is.EqualTo("chat"), "the first usage record is the client's request, none is the warm-up's");
            Assert.That(answer.Value.Content[0].Text, Is.Not.Empty);
            Assert.That(after - before, Is.EqualTo(1), "the real gateway's series count its own requests");
        });
    }

    [Test]
    public async Task A_warm_up_whose_requests_all_fail_logs_why_and_lets_readiness_go_on()
    {
        FormattingLoggerProvider? lines = null;
        // The real host's limits are the warm-up's too, and its requests (the bench request, ~1.1 KB) do not fit in 1 KB.
        await using var gateway = await GatewayHost.StartAsync(Config(), services => services.AddSingleton<ILoggerProvider>(
            sp => lines = FormattingLoggerProvider.UsingConsoleFormatter(sp, ConsoleFormatterNames.Simple)),
            "--Gateway:Limits:MaxRequestBodyBytes", "1024");

        var failedWhenReady = await WaitUntilReadyAsync(gateway, () => lines!.Lines.Any(line => line.Contains("Warm-up failed", StringComparison.Ordinal)));

        Assert.That(failedWhenReady, Is.True, "the failure was logged before /readyz answered 200");
        Assert.That(lines!.Lines.Single(line => line.Contains("Warm-up failed", StringComparison.Ordinal)), Does.Contain("every request failed, the first with 413"));
    }

    private const string RequestsSeries = """gateway_requests_total{model="chat",provider="openai",status="200"}""";

    private static async Task<HttpStatusCode> ReadyzStatusAsync(GatewayHost gateway)
    {
        using var response = await gateway.Http.GetAsync("/readyz");
        return response.StatusCode;
    }

    /// <summary>
    /// Polls <c>/readyz</c> until it answers 200 and returns <paramref name="condition"/> at the first 200: true if what it
    /// checks happened before readiness was released.
    /// </summary>
    private static async Task<bool> WaitUntilReadyAsync(GatewayHost gateway, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await ReadyzStatusAsync(gateway) == HttpStatusCode.OK)
            {
                return condition();
            }
            await Task.Delay(20);
        }
        Assert.Fail("/readyz did not answer 200 within 60 s");
        return false;
    }

    [GeneratedRegex(@": (?<requests>\d+) requests \((?<failed>\d+) failed\)")]
    private static partial Regex DoneLine();

    // Settles as soon as it has sent its minimum of requests: the test process's JIT is busy with other tests.
    private string Config() => $$"""
        {
          "Gateway": {
            "Providers": { "openai": { "Kind": "openai", "BaseUrl": "{{_provider.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" } },
            "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] } },
            "Keys": {{GatewayHost.KeysJson}},
            "WarmUp": { "Enabled": true, "MaxSeconds": 60, "SettleMilliseconds": 100, "SettleMaxMethods": 100000 }
          }
        }
        """;
}
