using Gateway.Policies.Configuration;
using Gateway.Policies.Keys;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Forwarding;
using Gateway.Proxy.Quotas;
using Gateway.Transforms.Usage;
using Gateway.Proxy.Options;
using Gateway.Proxy.Usage;

namespace Gateway.Tests.Quotas;

/// <summary>The pure parts: which limits apply to a key, the token estimate, the reset header's format, config validation.</summary>
[TestFixture]
public sealed class QuotaPolicyTests
{
    private static readonly Guid Org = Guid.NewGuid();
    private static readonly Guid Team = Guid.NewGuid();
    private static readonly Guid Environment = Guid.NewGuid();

    [Test]
    public void A_key_is_limited_by_its_own_limits_and_those_of_its_environment_team_and_organization()
    {
        var key = Key(rpm: 60, tpm: 1000);
        var index = QuotaLimitIndex.Build(
        [
            new QuotaLimit(QuotaSubject.Key(key.Id), QuotaMeasure.Requests, QuotaPeriod.Minute, 30),
            new QuotaLimit(QuotaSubject.Key(key.Id), QuotaMeasure.Tokens, QuotaPeriod.Minute, 5000),
            new QuotaLimit(QuotaSubject.Environment(Environment), QuotaMeasure.Requests, QuotaPeriod.Day, 1000),
            new QuotaLimit(QuotaSubject.Team(Team), QuotaMeasure.Tokens, QuotaPeriod.Day, 1_000_000),
            new QuotaLimit(QuotaSubject.Organization(Org), QuotaMeasure.Cost, QuotaPeriod.Month, 500),
            new QuotaLimit(QuotaSubject.Team(Guid.NewGuid()), QuotaMeasure.Cost, QuotaPeriod.Month, 1),
        ]);

        var limits = QuotaLimitResolver.Resolve(key, index);

        Assert.That(limits.Select(l => (l.Subject.Kind, l.Measure, l.Period, l.Limit)), Is.EquivalentTo(new[]
        {
            (QuotaSubjectKind.Key, QuotaMeasure.Requests, QuotaPeriod.Minute, 30m),
            (QuotaSubjectKind.Key, QuotaMeasure.Tokens, QuotaPeriod.Minute, 1000m),
            (QuotaSubjectKind.Environment, QuotaMeasure.Requests, QuotaPeriod.Day, 1000m),
            (QuotaSubjectKind.Team, QuotaMeasure.Tokens, QuotaPeriod.Day, 1_000_000m),
            (QuotaSubjectKind.Organization, QuotaMeasure.Cost, QuotaPeriod.Month, 500m),
        }), "of a binding's limit and a quota row on one counter, the lower holds; another team's quota does not apply");
    }

    [Test]
    public void A_config_key_carries_its_budgets()
    {
        var key = new GatewayKey { Id = "dev", Hash = KeyHash.Compute("x"), AllowedModels = new HashSet<string>(), DailyBudgetUsd = 5, MonthlyBudgetUsd = 50 };

        var limits = QuotaLimitResolver.Resolve(key, QuotaLimitIndex.Empty);

        Assert.That(limits, Is.EqualTo(new[]
        {
            new QuotaLimit(QuotaSubject.Key("dev"), QuotaMeasure.Cost, QuotaPeriod.Day, 5),
            new QuotaLimit(QuotaSubject.Key("dev"), QuotaMeasure.Cost, QuotaPeriod.Month, 50),
        }));
    }

    [Test]
    public void The_token_estimate_is_the_body_counted_as_text_plus_the_completion_maximum_per_choice()
    {
        Assert.That(TokenEstimate.Estimate(100, 100, 1, null, 1024), Is.EqualTo(new TokenEstimate(100, 100)));
        Assert.That(TokenEstimate.Estimate(101, null, 2, null, 1024), Is.EqualTo(new TokenEstimate(101, 2048)), "no max_tokens: the default, per choice");
        Assert.That(TokenEstimate.Estimate(1_000_000, 10, 1, 128_000, 1024).PromptTokens, Is.EqualTo(128_000), "an inline image cannot reserve past the context window");
    }

    [Test]
    public void An_unpriced_model_is_charged_the_default_price_when_one_is_set()
    {
        var options = new QuotaOptions { DefaultPrice = new QuotaDefaultPrice { InputPerMTok = 1, OutputPerMTok = 4 } };
        var accountant = new RequestAccountant(
            new UsageTokenEstimator(new StaticOptionsMonitor<UsageOptions>(new UsageOptions()),
                Microsoft.Extensions.Options.Options.Create(new TokenCountingOptions { UseTokenizers = false })),
            new StaticOptionsMonitor<QuotaOptions>(options));
        var unpriced = new RouteTarget
        {
            Provider = new ProviderDefinition { Id = "p", Kind = "openai", BaseUrls = ["http://x"], Settings = new Dictionary<string, string>() },
            Model = "unpriced",
        };

        var price = accountant.PriceOf(unpriced, DateTimeOffset.UtcNow);
        Assert.That(price, Is.Not.Null);
        Assert.That(RequestAccountant.Cost(price, new TokenUsage(PromptTokens: 1_000_000, CompletionTokens: 1_000_000)), Is.EqualTo(5m));
    }

    [TestCase(0.25, "250ms")]
    [TestCase(1, "1s")]
    [TestCase(17.5, "17.5s")]
    [TestCase(360, "6m0s")]
    [TestCase(3723, "1h2m3s")]
    [TestCase(0, "0s")]
    public void Reset_durations_are_written_as_openai_does(double seconds, string expected) =>
        Assert.That(RateLimitResetFormat.Format(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void Config_key_limits_must_be_positive()
    {
        var document = new GatewayConfigDocument();
        document.Keys["dev"] = new KeyDocument { KeyHash = new string('a', 64), RequestsPerMinute = 0, DailyBudgetUsd = -1 };
        document.Keys["ok"] = new KeyDocument { KeyHash = new string('b', 64), RequestsPerMinute = 10, TokensPerMinute = 1000, MonthlyBudgetUsd = 12.5m };

        var result = new CatalogBuilder(new ProviderAdapterRegistry().Kinds, _ => null).Build(document, null);

        Assert.That(result.Errors, Is.EquivalentTo(new[]
        {
            "Gateway:Keys:dev:RequestsPerMinute: must be greater than 0.",
            "Gateway:Keys:dev:DailyBudgetUsd: must be greater than 0.",
        }));
    }

    private static GatewayKey Key(int? rpm = null, long? tpm = null) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Hash = KeyHash.Compute("secret"),
        AllowedModels = new HashSet<string>(),
        Scope = new ScopeChain(Org, Team, Environment),
        RequestsPerMinute = rpm,
        TokensPerMinute = tpm,
    };
}
