using Gateway.Policies.Diagnostics;
using Gateway.Proxy.Logging;
using Gateway.Proxy.Logging.AccessLog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.EndToEnd;

/// <summary><c>Gateway:Logging:Format: json</c>: the gateway's console lines are JSON objects carrying the request's ids.</summary>
[TestFixture]
public sealed class JsonLogTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Test]
    public async Task Logs_a_request_with_its_response_id_and_the_callers_trace_id()
    {
        using var provider = FakeProvider.AnsweringChats();
        FormattingLoggerProvider? lines = null;
        // The usage line comes through the access log (written in batches off the request path), the rest through the console logger.
        using var accessLines = new CollectingAccessLogOutput();
        await using var gateway = await GatewayHost.StartAsync(Config(provider, "json"), services =>
        {
            services.AddSingleton<ILoggerProvider>(sp => lines = FormattingLoggerProvider.UsingConsoleFormatter(sp, GatewayJsonConsoleFormatter.FormatterName));
            services.AddSingleton<IAccessLogOutput>(accessLines);
        });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01");
        using var response = await gateway.Http.SendAsync(request);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        Assert.That(gateway.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName,
            Is.EqualTo(GatewayJsonConsoleFormatter.FormatterName), "the console writes JSON");
        // The usage line is written once the answer has gone out.
        var usage = JsonDocument.Parse(await accessLines.WaitForLineAsync(
            line => JsonDocument.Parse(line).RootElement.GetProperty("event_id").GetInt32() == GatewayEventIds.UsageRecorded,
            TimeSpan.FromSeconds(10))).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(id, Does.StartWith("gen-"));
            Assert.That(usage.GetProperty("request_id").GetString(), Is.EqualTo(id));
            Assert.That(usage.GetProperty("trace_id").GetString(), Is.EqualTo(TraceId), "the caller's W3C trace is continued");
            Assert.That(usage.GetProperty("scope").GetProperty("RequestPath").GetString(), Is.EqualTo("/v1/chat/completions"));
            Assert.That(usage.GetProperty("fields").GetProperty("Status").GetInt32(), Is.EqualTo(200));
            Assert.That(string.Join("\n", lines!.Lines.Concat(accessLines.Lines)), Does.Not.Contain(FakeProvider.ProviderKey).And.Not.Contain(GatewayHost.ClientKey),
                "no key in any line");
        });
    }

    [Test]
    public async Task Keeps_the_text_console_format_by_default()
    {
        using var provider = new FakeProvider();
        await using var gateway = await GatewayHost.StartAsync(Config(provider, "text"));

        Assert.That(gateway.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName,
            Is.Not.EqualTo(GatewayJsonConsoleFormatter.FormatterName));
    }

    private static string Config(FakeProvider provider, string format) => $$"""
        {
          "Gateway": {
            "Providers": { "p": { "Kind": "openai", "BaseUrl": "{{provider.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" } },
            "Models": { "chat": { "Targets": [ { "Provider": "p", "Model": "gpt-4o-mini" } ] } },
            "Keys": {{GatewayHost.KeysJson}},
            "Logging": { "Format": "{{format}}" }
          }
        }
        """;
}
