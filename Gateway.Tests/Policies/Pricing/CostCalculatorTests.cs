using Gateway.Policies.Pricing;

namespace Gateway.Tests.Policies.Pricing;

/// <summary>Cost arithmetic against values computed by hand (US dollars per million tokens).</summary>
[TestFixture]
public sealed class CostCalculatorTests
{
    private static readonly ModelPrice Sonnet = new(3.00m, 15.00m, 0.30m, 3.75m);

    [Test]
    public void Bills_uncached_input_cached_reads_cache_writes_and_output_at_their_own_prices()
    {
        // 10,000 prompt tokens: 6,000 read from cache, 2,000 written to it, 2,000 uncached; 1,000 output.
        // 2,000 × 3 + 6,000 × 0.30 + 2,000 × 3.75 + 1,000 × 15 = 6,000 + 1,800 + 7,500 + 15,000 = 30,300 per million.
        var cost = CostCalculator.Compute(Sonnet, promptTokens: 10_000, completionTokens: 1_000, cachedReadTokens: 6_000, cacheWriteTokens: 2_000);

        Assert.That(cost, Is.EqualTo(0.0303m));
    }

    [Test]
    public void Bills_the_anthropic_cached_usage_fixture()
    {
        // input 21, cache write 188, cache read 187,354, output 393 (prompt = 187,563 in OpenAI's terms):
        // 21 × 3 + 187,354 × 0.30 + 188 × 3.75 + 393 × 15 = 63 + 56,206.2 + 705 + 5,895 = 62,869.2 per million.
        var cost = CostCalculator.Compute(Sonnet, 187_563, 393, 187_354, 188);

        Assert.That(cost, Is.EqualTo(0.0628692m));
    }

    [Test]
    public void Bills_reasoning_tokens_as_output_since_completion_tokens_include_them()
    {
        // o-series style: 1,200 completion tokens of which 1,000 reasoning; 1.10 in / 4.40 out.
        // 500 × 1.10 + 1,200 × 4.40 = 550 + 5,280 = 5,830 per million.
        var cost = CostCalculator.Compute(new ModelPrice(1.10m, 4.40m, 0.275m, 1.10m), 500, 1_200, 0, 0);

        Assert.That(cost, Is.EqualTo(0.00583m));
    }

    [Test]
    public void Bills_openai_cached_input_at_the_cached_price()
    {
        // gpt-4o: 2.50 / 10.00, cached 1.25. 1,000 prompt of which 800 cached, 100 output.
        // 200 × 2.50 + 800 × 1.25 + 100 × 10 = 500 + 1,000 + 1,000 = 2,500 per million.
        var cost = CostCalculator.Compute(new ModelPrice(2.50m, 10.00m, 1.25m, 2.50m), 1_000, 100, 800, 0);

        Assert.That(cost, Is.EqualTo(0.0025m));
    }

    [Test]
    public void Rounds_half_away_from_zero_at_ten_places_as_the_database_does()
    {
        // One token at 0.00015 per million is 1.5e-10; at 0.00005 it is 5e-11, exactly half of the tenth place.
        var cost = CostCalculator.Compute(new ModelPrice(0.00015m, 0m, 0m, 0m), 1, 0, 0, 0);
        var half = CostCalculator.Compute(new ModelPrice(0.00005m, 0m, 0m, 0m), 1, 0, 0, 0);

        Assert.That(cost, Is.EqualTo(0.0000000002m), "1.5e-10 rounds up to 2e-10");
        Assert.That(half, Is.EqualTo(0.0000000001m), "5e-11 rounds away from zero to 1e-10");
    }

    [Test]
    public void Never_bills_negative_uncached_input_when_a_provider_reports_inconsistent_counts()
    {
        var cost = CostCalculator.Compute(Sonnet, promptTokens: 100, completionTokens: 0, cachedReadTokens: 200, cacheWriteTokens: 0);

        Assert.That(cost, Is.EqualTo(0.00006m), "200 × 0.30 per million; no negative uncached part");
    }

    [Test]
    public void Is_zero_for_no_tokens()
    {
        Assert.That(CostCalculator.Compute(Sonnet, 0, 0, 0, 0), Is.Zero);
    }
}
