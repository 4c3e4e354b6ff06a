using Gateway.Policies.Pricing;
using Gateway.Policies.Tokens;
using Gateway.Proxy.Configuration;
using Gateway.Proxy.Options;
using Gateway.Proxy.Pipeline;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Usage;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Usage;
using Gateway.Proxy.RequestState;

namespace Gateway.Tests.Usage;

/// <summary>
/// The accountant's rules: reported usage as reported; missing usage estimated; a stream cut short billed for the larger
/// of what the provider counted and what was seen; failed attempts free; every figure at the price valid when the
/// request started, whatever changes after.
/// </summary>
[TestFixture]
public sealed class RequestAccountantTests
{
    private const string Body = """{"model":"chat","stream":true,"messages":[{"role":"user","content":"Write a haiku about ledgers."}]}""";

    private static readonly DateTimeOffset Start = new(2030, 6, 30, 23, 59, 59, TimeSpan.Zero);
    private static readonly ModelPrice June = new(InputPerMTok: 2, OutputPerMTok: 8, CachedInputPerMTok: 0.5m, CacheWritePerMTok: 2.5m);
    private static readonly ModelPrice July = new(InputPerMTok: 20, OutputPerMTok: 80, CachedInputPerMTok: 5, CacheWritePerMTok: 25);
    private static readonly ProviderAdapterRegistry Adapters = new();

    private readonly RequestAccountant _accountant = new(new UsageTokenEstimator(
        new StaticOptionsMonitor<UsageOptions>(new UsageOptions { EstimatorBytesPerToken = 4 }),
        Microsoft.Extensions.Options.Options.Create(new TokenCountingOptions { UseTokenizers = false })),
        new StaticOptionsMonitor<Gateway.Proxy.Quotas.QuotaOptions>(new Gateway.Proxy.Quotas.QuotaOptions()));

    private ChatRequest _request = null!;

    [SetUp]
    public void Parse() => _request = ChatRequest.Parse(Encoding.UTF8.GetBytes(Body)).Request!;

    [TearDown]
    public void Release() => _request.Dispose();

    [Test]
    public void Bills_a_complete_answer_for_the_usage_the_provider_reported()
    {
        using var attempt = Attempt(200, AttemptOutcomeKind.Succeeded, usage: new TokenUsage(100, 50, CachedReadTokens: 40), generatedBytes: 4000);

        var account = _accountant.Account(attempt, _request, Start);

        Assert.That((account.Billed, account.Tokens, account.Estimated), Is.EqualTo((true, new TokenUsage(100, 50, CachedReadTokens: 40), false)),
            "the provider's count wins over the bytes seen when the answer is whole");
        // 60 × 2 + 40 × 0.5 + 50 × 8 = 540 per million.
        Assert.That(account.Cost, Is.EqualTo(0.00054m));
    }

    [Test]
    public void Estimates_the_prompt_and_the_generated_text_when_the_provider_reported_no_usage()
    {
        using var attempt = Attempt(200, AttemptOutcomeKind.Succeeded, usage: null, generatedBytes: 401);

        var account = _accountant.Account(attempt, _request, Start);

        var prompt = TokenEstimator.EstimatePromptTokens(_request.Root, TokenEncoding.Estimated);
        Assert.That(prompt, Is.GreaterThan(0));
        Assert.That((account.Billed, account.Tokens, account.Estimated), Is.EqualTo((true, new TokenUsage(prompt, 101), true)), "a started token is billed");
        Assert.That(account.Cost, Is.EqualTo(RequestAccountant.Cost(June, new TokenUsage(prompt, 101))));
    }

    [Test]
    public void Bills_a_non_chat_kinds_routing_estimate_of_its_input_when_the_provider_reported_no_usage()
    {
        // A legacy completion cut off before the provider's usage chunk: no chat request, the kind's count of the prompt.
        using var attempt = Attempt(200, AttemptOutcomeKind.ClientAborted, usage: null, generatedBytes: 40);

        var account = _accountant.Account(attempt, request: null, Start, promptEstimate: 25);

        Assert.That((account.Tokens, account.Estimated), Is.EqualTo((new TokenUsage(25, 10), true)));
    }

    [Test]
    public void Bills_a_stream_cut_short_for_what_was_seen_when_that_exceeds_what_the_provider_counted()
    {
        // Anthropic counts 1 output token at message_start; the client left after 400 bytes of text.
        using var cut = Attempt(200, AttemptOutcomeKind.ClientAborted, usage: new TokenUsage(31, 1), generatedBytes: 400);
        using var broken = Attempt(200, AttemptOutcomeKind.Succeeded, usage: new TokenUsage(31, 1), generatedBytes: 400,
            streamError: new GatewayError(502, GatewayErrorTypes.Upstream, "broke", "upstream_stream_broken"));
        using var counted = Attempt(200, AttemptOutcomeKind.ClientAborted, usage: new TokenUsage(31, 150), generatedBytes: 400);

        var cutAccount = _accountant.Account(cut, _request, Start);
        var brokenAccount = _accountant.Account(broken, _request, Start);
        var countedAccount = _accountant.Account(counted, _request, Start);

        Assert.That((cutAccount.Tokens, cutAccount.Estimated), Is.EqualTo((new TokenUsage(31, 100), true)), "the client left");
        Assert.That((brokenAccount.Tokens, brokenAccount.Estimated), Is.EqualTo((new TokenUsage(31, 100), true)), "the provider's stream broke");
        Assert.That((countedAccount.Tokens, countedAccount.Estimated), Is.EqualTo((new TokenUsage(31, 150), false)), "the provider counted more than was seen");
    }

    [Test]
    public void Bills_a_stream_the_provider_finished_as_reported_though_the_client_left_before_its_connection_closed()
    {
        using var finished = Attempt(200, AttemptOutcomeKind.ClientAborted, usage: new TokenUsage(31, 24), generatedBytes: 400);
        finished.Outcome.StreamEnded = true;

        var account = _accountant.Account(finished, _request, Start);

        Assert.That((account.Tokens, account.Estimated), Is.EqualTo((new TokenUsage(31, 24), false)));
    }

    [Test]
    public void A_failed_attempt_costs_nothing_and_the_request_totals_only_what_was_billed()
    {
        using var feature = Feature();
        var refused = feature.Begin(Attempt(503, AttemptOutcomeKind.UpstreamError, usage: null, generatedBytes: 0, number: 1));
        refused.Error = new GatewayError(503, GatewayErrorTypes.Upstream, "down", "upstream_unavailable");
        feature.Begin(Attempt(null, AttemptOutcomeKind.Rejected, usage: null, generatedBytes: 0, number: 2));
        var malformed = feature.Begin(Attempt(200, AttemptOutcomeKind.MalformedAnswer, usage: null, generatedBytes: 0, number: 2));
        var served = feature.Begin(Attempt(200, AttemptOutcomeKind.Succeeded, usage: new TokenUsage(100, 50), generatedBytes: 200, number: 3));

        var account = _accountant.Settle(feature);

        Assert.That(account.Attempts.Select(a => a.Attempt), Is.EqualTo(new[] { refused, malformed, served }), "an attempt never sent is not in the account");
        Assert.That((account.Attempts[0].Billed, account.Attempts[0].Tokens, account.Attempts[0].Cost), Is.EqualTo((false, default(TokenUsage), 0m)));
        var prompt = TokenEstimator.EstimatePromptTokens(_request.Root, TokenEncoding.Estimated);
        Assert.That(account.Attempts[1].Tokens, Is.EqualTo(new TokenUsage(prompt, 0)), "a 2xx the gateway could not read was still billed by the provider");
        Assert.That(account.Tokens, Is.EqualTo(new TokenUsage(prompt + 100, 50)));
        Assert.That(account.Cost, Is.EqualTo(account.Attempts[1].Cost + account.Attempts[2].Cost));
        Assert.That(account.Estimated, Is.True);
    }

    [Test]
    public void Prices_every_figure_at_the_price_valid_when_the_request_started()
    {
        // The request starts a second before July's price applies and ends after it.
        using var attempt = Attempt(200, AttemptOutcomeKind.Succeeded, usage: new TokenUsage(1_000_000, 1_000_000), generatedBytes: 0);

        var account = _accountant.Account(attempt, _request, Start);
        var shown = _accountant.ClientCost(attempt.Target, Start)(new TokenUsage(1_000_000, 1_000_000));

        Assert.That(account.Cost, Is.EqualTo(10m), "June's 2 + 8 per million, not July's");
        Assert.That(shown, Is.EqualTo(account.Cost), "the cost the client is shown");
        Assert.That(_accountant.Account(attempt, _request, Start.AddSeconds(2)).Cost, Is.EqualTo(100m), "a request started in July pays July's");
    }

    [Test]
    public void Prices_uncached_cached_and_cache_write_tokens_once_each_and_an_unpriced_model_at_nothing()
    {
        var cost = RequestAccountant.Cost(June, new TokenUsage(PromptTokens: 1_000_000, CompletionTokens: 500_000, CachedReadTokens: 200_000, CacheWriteTokens: 100_000));

        Assert.That(cost, Is.EqualTo(0.7m * 2 + 0.2m * 0.5m + 0.1m * 2.5m + 0.5m * 8));
        Assert.That(RequestAccountant.Cost(null, new TokenUsage(10, 10)), Is.Zero);
    }

    [Test]
    public void The_request_settles_its_account_once_before_anyone_hears_its_usage_is_known()
    {
        using var feature = Feature();
        var served = feature.Begin(Attempt(200, AttemptOutcomeKind.Succeeded, usage: new TokenUsage(10, 5), generatedBytes: 20));
        var settled = 0;
        RequestAccount? heard = null;
        feature.SettleWith(f =>
        {
            settled++;
            return _accountant.Settle(f);
        });
        feature.OnUsageKnown(f => heard = f.Account);

        feature.ReportUsageKnown();
        served.Kind = AttemptOutcomeKind.ClientAborted;
        feature.ReportUsageKnown();

        Assert.That(settled, Is.EqualTo(1));
        Assert.That(heard, Is.SameAs(feature.Account));
        Assert.That(feature.Account!.Tokens, Is.EqualTo(new TokenUsage(10, 5)), "what happens after the usage is known does not change the account");
    }

    private static GatewayRequestFeature Feature()
    {
        var feature = new GatewayRequestFeature("gen-test", Start.ToUnixTimeSeconds(), new GatewaySnapshot(GatewayCatalog.Empty, 1, Start), key: null)
        {
            StartedAt = Start,
        };
        feature.Request = ChatRequest.Parse(Encoding.UTF8.GetBytes(Body)).Request!;
        return feature;
    }

    private static AttemptContext Attempt(int? status, AttemptOutcomeKind kind, TokenUsage? usage, long generatedBytes, GatewayError? streamError = null, int number = 1)
    {
        var target = new RouteTarget
        {
            Provider = new ProviderDefinition { Id = "p", Kind = "openai", BaseUrls = ["http://127.0.0.1:9"], Settings = new Dictionary<string, string>() },
            Model = "m",
            Price = June,
            PriceSchedule = PriceSchedule.Create([new PricePoint(Start.AddDays(-30), June), new PricePoint(Start.AddSeconds(1), July)]),
        };
        var attempt = new AttemptContext(number, target, Adapters.Get("openai"),
            new UpstreamTarget { ProviderId = "p", Kind = "openai", Model = "m" },
            new ResponseContext { ResponseId = "gen-test", Created = 1, ProviderId = "p", Model = "m" })
        {
            Kind = kind,
            UpstreamStatus = status,
        };
        attempt.Outcome.Usage = usage;
        attempt.Outcome.GeneratedBytes = generatedBytes;
        attempt.Outcome.StreamError = streamError;
        return attempt;
    }
}
