using Gateway.Data.Errors;
using Gateway.Data.Prices;
using Gateway.Data.Sql;

namespace Gateway.Tests.Data.Prices;

[TestFixture]
public sealed class PriceBookRepositoryTests : DatabaseTest
{
    private static readonly DateTimeOffset January = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset March = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [OneTimeSetUp]
    public async Task AddPricesAsync()
    {
        await Database.Prices.AddAsync(new PriceSpec("openai", "gpt-4o", 5m, 15m, January), CancellationToken.None);
        await Database.Prices.AddAsync(new PriceSpec("openai", "gpt-4o", 2.5m, 10m, March, CachedReadPerMTok: 1.25m), CancellationToken.None);
    }

    [Test]
    public async Task The_price_at_a_time_is_the_latest_one_effective_by_then()
    {
        var beforeAny = await Database.Prices.GetPriceAtAsync("openai", "gpt-4o", January.AddTicks(-1), CancellationToken.None);
        var atStart = await Database.Prices.GetPriceAtAsync("openai", "gpt-4o", January, CancellationToken.None);
        var february = await Database.Prices.GetPriceAtAsync("openai", "gpt-4o", new DateTimeOffset(2025, 2, 14, 9, 0, 0, TimeSpan.FromHours(-5)), CancellationToken.None);
        var exactlyMarch = await Database.Prices.GetPriceAtAsync("openai", "gpt-4o", March, CancellationToken.None);
        var marchInBerlin = await Database.Prices.GetPriceAtAsync("openai", "gpt-4o", new DateTimeOffset(2025, 3, 1, 0, 30, 0, TimeSpan.FromHours(1)), CancellationToken.None);

        Assert.That(beforeAny, Is.Null);
        Assert.That((atStart!.InputPerMTok, february!.OutputPerMTok), Is.EqualTo((5m, 15m)));
        Assert.That((exactlyMarch!.InputPerMTok, exactlyMarch.CachedReadPerMTok, exactlyMarch.CacheWritePerMTok), Is.EqualTo((2.5m, (decimal?)1.25m, (decimal?)null)));
        Assert.That(marchInBerlin!.InputPerMTok, Is.EqualTo(5m), "00:30 in UTC+1 is still February in UTC");
        Assert.That(await Database.Prices.GetPriceAtAsync("openai", "unknown", March, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Prices_keep_six_decimal_places()
    {
        var added = await Database.Prices.AddAsync(new PriceSpec("groq", "llama-3.1-8b", 0.000050m, 0.080001m, January), CancellationToken.None);

        Assert.That((added.InputPerMTok, added.OutputPerMTok), Is.EqualTo((0.00005m, 0.080001m)));
    }

    [Test]
    public async Task Two_prices_for_the_same_instant_and_negative_prices_are_rejected()
    {
        var duplicate = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            Database.Prices.AddAsync(new PriceSpec("openai", "gpt-4o", 1m, 1m, January), CancellationToken.None));
        Assert.That(duplicate!.Kind, Is.EqualTo(ConstraintViolationKind.Unique));
        var negative = await AsyncAssert.ThrowsAsync<DataConstraintException>(() =>
            Database.Prices.AddAsync(new PriceSpec("openai", "gpt-x", -1m, 1m, January), CancellationToken.None));
        Assert.That(negative!.Constraint, Is.EqualTo("price_book_input_non_negative"));
    }

    [Test]
    public async Task Lists_and_deletes_prices()
    {
        var extra = await Database.Prices.AddAsync(new PriceSpec("mistral", "small", 0.2m, 0.6m, January), CancellationToken.None);

        var first = await Database.Prices.ListAsync("openai", "gpt-4o", new PageRequest(1), CancellationToken.None);
        var second = await Database.Prices.ListAsync("openai", "gpt-4o", new PageRequest(1, first.NextCursor), CancellationToken.None);

        Assert.That(first.Items.Concat(second.Items).Select(price => price.EffectiveFrom), Is.EquivalentTo(new[] { January, March }));
        Assert.That(await Database.Prices.DeleteAsync(extra.Id, CancellationToken.None), Is.True);
        Assert.That((await Database.Prices.ListAsync("mistral", null, PageRequest.First, CancellationToken.None)).Items, Is.Empty);
    }
}
