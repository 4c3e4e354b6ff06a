using System.Globalization;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Quotas;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// The quota counter and the usage record read one account: streams cut at random points (the client leaves after a
/// random number of events, or reads to the end), from providers that report usage at the end, at the start and the
/// end, or never, each settle into the key's token and cost counters exactly what the request's row records and
/// <c>/api/v1/generation</c> reports; and the reservation before sending counts the body with the same bytes-per-token
/// ratio. The seed is printed; set <c>GATEWAY_TEST_SEED</c> to replay a run.
/// </summary>
[TestFixture]
public sealed class CutStreamAccountingTests : DatabaseTest
{
    private const int Cases = 20;
    private const string Key = "gw-test-accounting-key-0123456789";
    private const string KeyId = "accounting";
    private const long TokenLimit = 1_000_000_000;
    private const decimal BudgetUsd = 1_000_000m;
    private const double BytesPerToken = 2;
    private const string Prompt = "Count to twelve in one word, repeated.";

    private static readonly string[] Models = ["openai-usage", "openai-no-usage", "anthropic"];

    private readonly ManualClock _clock = new(new DateTimeOffset(2030, 6, 1, 10, 0, 5, TimeSpan.Zero));
    private PacedStreamProvider _provider = null!;
    private GatewayHost _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _provider = await PacedStreamProvider.StartAsync();
        _gateway = await GatewayHost.StartAsync(Config(), services => services.AddKeyedSingleton<TimeProvider>(QuotaClock.ServiceKey, _clock),
            Database.GatewayArgs("--Gateway:Usage:EstimatorBytesPerToken", BytesPerToken.ToString(CultureInfo.InvariantCulture)));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _gateway.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Test]
    public async Task Quotas_settle_to_the_token_and_cent_what_the_usage_row_records_for_streams_cut_at_random_points()
    {
        var seed = Environment.GetEnvironmentVariable("GATEWAY_TEST_SEED") is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        await TestContext.Out.WriteLineAsync($"seed {seed} (GATEWAY_TEST_SEED={seed} replays it)");
        var random = new Random(seed);
        var cut = 0;
        var estimated = 0;

        for (var i = 0; i < Cases; i++)
        {
            var model = Models[random.Next(Models.Length)];
            // The gateway sends about Words + 3 events; asking for more reads the stream to its end.
            var leaveAfter = random.Next(0, _provider.Words + 6);
            var before = Used();

            var (id, completed) = await StreamAsync(model, leaveAfter);
            // The row is written after the request's quotas settled.
            var row = await Database.RequestRowAsync(id);
            var after = Used();
            var generation = await GenerationAsync(id);

            cut += (short)row["status"]! == 499 ? 1 : 0;
            estimated += (bool)row["estimated"]! ? 1 : 0;
            var tokens = (int)row["prompt_tokens"]! + (int)row["completion_tokens"]!;
            var cost = (decimal)row["cost"]!;
            var what = $"case {i} of seed {seed}: {model}, client left after {leaveAfter} events ({(completed ? "read to the end" : "cut")}), row {id}";
            await TestContext.Out.WriteLineAsync(
                $"{what}: row {row["status"]} {row["prompt_tokens"]}+{row["completion_tokens"]} tokens ${cost}, settled {after.Tokens - before.Tokens} tokens ${after.Cost - before.Cost}");
            Assert.Multiple(() =>
            {
                Assert.That(after.Tokens - before.Tokens, Is.EqualTo(tokens), $"tokens settled, {what}");
                Assert.That(after.Cost - before.Cost, Is.EqualTo(cost), $"cost settled, {what}");
                Assert.That(tokens, Is.GreaterThan(0), $"a stream the provider accepted is billed, {what}");
                Assert.That(generation, Is.EqualTo((tokens, cost)), $"/api/v1/generation, {what}");
            });
        }
        await TestContext.Out.WriteLineAsync($"{cut} of {Cases} streams cut short at the gateway, {estimated} billed from estimates");
        Assert.That(cut, Is.GreaterThan(0), $"no stream was cut at the gateway (seed {seed})");
    }

    [Test]
    public async Task A_reservation_counts_the_body_with_the_ratio_that_estimates_usage()
    {
        var before = Used();
        using var client = new HttpClient { BaseAddress = _gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var body = Body("openai-usage");
        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.Content.ReadAsStringAsync();

        // No max_tokens: the default 1024 completion tokens, plus the body at 2 bytes a token.
        var reserved = (long)Math.Ceiling(Encoding.UTF8.GetByteCount(body) / BytesPerToken) + 1024;
        Assert.That(response.Headers.GetValues("x-ratelimit-remaining-tokens").Single(),
            Is.EqualTo((TokenLimit - before.Tokens - reserved).ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>What the key's token and cost counters hold now (their limits less what remains).</summary>
    private (decimal Tokens, decimal Cost) Used()
    {
        var counters = _gateway.Services.GetRequiredService<QuotaCounterRegistry>();
        var now = _clock.Now;
        var tokens = counters.Get(new QuotaLimit(QuotaSubject.Key(KeyId), QuotaMeasure.Tokens, QuotaPeriod.Minute, TokenLimit), now).Standing(now);
        var cost = counters.Get(new QuotaLimit(QuotaSubject.Key(KeyId), QuotaMeasure.Cost, QuotaPeriod.Day, BudgetUsd), now).Standing(now);
        return (TokenLimit - tokens.Remaining, BudgetUsd - cost.Remaining);
    }

    /// <summary>OpenRouter's view of the request: its tokens and cost.</summary>
    private async Task<(int Tokens, decimal Cost)> GenerationAsync(string id)
    {
        using var client = new HttpClient { BaseAddress = _gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var data = JsonNode.Parse(await client.GetStringAsync($"/api/v1/generation?id={id}"))!["data"]!;
        return (data["tokens_prompt"]!.GetValue<int>() + data["tokens_completion"]!.GetValue<int>(), data["total_cost"]!.GetValue<decimal>());
    }

    /// <summary>Streams from <paramref name="model"/> and leaves after <paramref name="leaveAfter"/> events (0: at the headers).</summary>
    private async Task<(string Id, bool Completed)> StreamAsync(string model, int leaveAfter)
    {
        // No draining: disposing an unfinished response closes the connection rather than reading the rest to reuse it.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = _gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(Body(model), Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), model);
        var id = response.Headers.GetValues("x-request-id").Single();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var received = new StringBuilder();
        var buffer = new byte[256];
        while (Events(received) < leaveAfter)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return (id, true);
            }
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        // Disposing the response hangs up: the gateway's copier fails and it cancels the provider's stream.
        return (id, received.ToString().Contains("data: [DONE]", StringComparison.Ordinal));
    }

    private static string Body(string model) =>
        $$"""{"model":"{{model}}","stream":true,"messages":[{"role":"user","content":"{{Prompt}}"}]}""";

    private static int Events(StringBuilder received)
    {
        var text = received.ToString();
        var count = 0;
        for (var at = text.IndexOf("\n\n", StringComparison.Ordinal); at >= 0; at = text.IndexOf("\n\n", at + 2, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private string Config() => $$"""
        {
          "Gateway": {
            "Providers": {
              "paced":     { "Kind": "openai", "BaseUrl": "{{_provider.Url}}/v1", "ApiKey": "k" },
              "anthropic": { "Kind": "anthropic", "BaseUrl": "{{_provider.Url}}", "ApiKey": "k" }
            },
            "Models": {
              "openai-usage":    { "Targets": [ { "Provider": "paced", "Model": "paced-usage", "Price": { "InputPerMTok": 3, "OutputPerMTok": 15 } } ] },
              "openai-no-usage": { "Targets": [ { "Provider": "paced", "Model": "paced-no-usage", "Price": { "InputPerMTok": 3, "OutputPerMTok": 15 } } ] },
              "anthropic":       { "Targets": [ { "Provider": "anthropic", "Model": "claude-paced", "MaxOutputTokens": 64, "Price": { "InputPerMTok": 3, "OutputPerMTok": 15 } } ] }
            },
            "Keys": {
              "{{KeyId}}": { "KeyHash": "sha256:{{GatewayHost.KeyHash(Key)}}",
                             "TokensPerMinute": {{TokenLimit}}, "DailyBudgetUsd": {{BudgetUsd}} }
            },
            "Health": {{GatewayHost.NoCooldownsJson}}
          }
        }
        """;
}
