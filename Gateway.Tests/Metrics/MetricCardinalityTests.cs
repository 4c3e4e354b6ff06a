using Gateway.Policies.Resilience;
using Gateway.Proxy.Routing;

namespace Gateway.Tests.Metrics;

/// <summary>
/// Strings a client chooses (model names, HTTP methods, paths) never become metric series nor lasting breaker and
/// statistics entries: a flood of random ones leaves /metrics and those tables the size they were.
/// </summary>
[TestFixture]
public sealed partial class MetricCardinalityTests : SingleProviderFixture
{
    private const int Requests = 10_000;

    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider.Url}}/v1", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] }
        """;

    // Idle unknown targets go after 0.2 s; sweeps are run by the test, not on a timer.
    protected override string SettingsJson => $$"""
        "Health": {{GatewayHost.NoCooldownsJson}},
        "Resilience": { "BreakerFailureThreshold": 10000, "BreakerMinimumThroughput": 100000, "MaxRetriesPerCandidate": 0,
                        "UnknownTargetIdleSeconds": 0.2, "UnknownTargetSweepSeconds": 3600 }
        """;

    [SetUp]
    public void AnswerEveryModelNotFound() =>
        Provider.Reply("/v1/chat/completions", 404, """{"error":{"message":"The model does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}""");

    [Test]
    public async Task Random_model_names_and_methods_leave_the_series_and_resilience_entries_flat()
    {
        var breakers = Gateway.Services.GetRequiredService<CircuitBreakerRegistry>();
        var statistics = Gateway.Services.GetRequiredService<TargetStatistics>();
        var sweeper = Gateway.Services.GetRequiredService<IdleTargetSweeper>();
        // Every kind of request once with known and once with random names, so the baseline holds the bounded
        // series they make ("other" included); the flood must add none.
        for (var kind = 0; kind < 4; kind++)
        {
            await SendAsync(kind, "chat");
            await SendAsync(kind, null);
        }
        var before = Series(await Gateway.Http.GetStringAsync("/metrics"));
        var breakersBefore = breakers.Count;
        var statisticsBefore = statistics.Count;

        var next = 0;
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) <= Requests)
            {
                await SendAsync(index, null);
            }
        });
        await Task.WhenAll(workers);

        var metrics = await Gateway.Http.GetStringAsync("/metrics");
        var after = Series(metrics);
        Assert.That(after.Except(before).ToList(), Has.Count.LessThan(10),
            $"series added by {Requests} requests with random names:\n" + string.Join('\n', after.Except(before).Take(20)));
        Assert.That(metrics, Does.Not.Contain("rnd-"), "no random model name or path is a label value");
        Assert.That(metrics, Does.Not.Contain("method=\"X"), "no invented method is a label value");
        Assert.That(metrics, Does.Contain("gateway_requests_total{model=\"other\",provider=\"openai\",status=\"404\"}"));
        Assert.That(metrics, Does.Contain("method=\"other\""));

        Assert.That(breakers.Count, Is.GreaterThan(breakersBefore), "each direct name made a breaker while in use");

        // Entries of unknown targets are dropped once idle; the alias's target keeps its own.
        await EventuallyAsync(() =>
        {
            sweeper.Sweep();
            return breakers.Count == 1 && statistics.Count <= 1;
        });
        Assert.That(breakers.TryGet("openai", "gpt-4o-mini", out _), Is.True, "the alias's target keeps its breaker");
        Assert.That(statisticsBefore, Is.LessThanOrEqualTo(2), "the baseline: the alias's target and one random name at most");
    }

    /// <summary>One of four kinds by index: a direct provider/model, an unknown alias, an invented method, a random path.</summary>
    private async Task SendAsync(int index, string? known)
    {
        var name = known ?? $"rnd-{Guid.NewGuid():N}";
        using var request = (index % 4) switch
        {
            0 => Chat(known is null ? "openai/" + name : known),
            1 => Chat(known ?? name),
            2 => new HttpRequestMessage(new HttpMethod(known is null ? $"X{index}" : "GET"), "/healthz"),
            _ => new HttpRequestMessage(HttpMethod.Get, known is null ? $"/{name}/{index}" : "/nowhere"),
        };
        using var response = await Gateway.Http.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.LessThan(500), $"{request.Method} {request.RequestUri}");
    }

    private static HttpRequestMessage Chat(string model) => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
    };

    /// <summary>
    /// The gateway's own label sets (<c>gateway_*</c>, <c>http_*</c>) in a Prometheus text exposition, a histogram's
    /// buckets, sum and count taken as one. The .NET meters prometheus-net also exports are bounded by .NET itself (it
    /// reports unknown methods as <c>_OTHER</c>) and appear with a delay, so only the whole text is checked for them.
    /// </summary>
    private static HashSet<string> Series(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith("gateway_", StringComparison.Ordinal) || line.StartsWith("http_", StringComparison.Ordinal))
            .Select(line => Bucketless().Replace(line[..line.LastIndexOf(' ')], ""))
            .Select(series => series.Replace("_bucket{", "{", StringComparison.Ordinal).Replace("_sum{", "{", StringComparison.Ordinal).Replace("_count{", "{", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex(",?le=\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex Bucketless();

    private static Task EventuallyAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
}
