using Gateway.Policies.Configuration;
using Gateway.Policies.Pricing;

namespace Gateway.Tests.Policies.Pricing;

/// <summary>The price valid at a request's time, and the precedence config target Price > price book > shipped catalog.</summary>
[TestFixture]
public sealed class PriceScheduleTests
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset July = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Finds_the_latest_price_not_after_the_time()
    {
        var schedule = PriceSchedule.Create([new PricePoint(July, Price(2)), new PricePoint(June, Price(1))]);

        Assert.That(schedule.At(June.AddDays(-1)), Is.Null);
        Assert.That(schedule.At(June)!.InputPerMTok, Is.EqualTo(1m));
        Assert.That(schedule.At(July.AddTicks(-1))!.InputPerMTok, Is.EqualTo(1m));
        Assert.That(schedule.At(July)!.InputPerMTok, Is.EqualTo(2m));
    }

    [Test]
    public void Bills_at_the_price_book_entry_in_force_and_switches_to_a_scheduled_one_on_time()
    {
        var catalog = Build(targetPrice: null, shipped: 9m, book: [(June, 1m), (July, 2m)]);
        var target = catalog.Routes["chat"].Targets[0];

        Assert.That(target.PriceAt(June.AddDays(3))!.InputPerMTok, Is.EqualTo(1m));
        Assert.That(target.PriceAt(July.AddSeconds(1))!.InputPerMTok, Is.EqualTo(2m));
        Assert.That(target.PriceAt(June.AddDays(-1))!.InputPerMTok, Is.EqualTo(9m), "before the book's first entry, the shipped price");
    }

    [Test]
    public void Prefers_an_explicit_config_price_over_the_price_book()
    {
        var catalog = Build(targetPrice: 5m, shipped: 9m, book: [(June, 1m)]);

        Assert.That(catalog.Routes["chat"].Targets[0].PriceAt(July)!.InputPerMTok, Is.EqualTo(5m));
    }

    [Test]
    public void Falls_back_to_the_shipped_catalog_without_a_price_book()
    {
        var catalog = Build(targetPrice: null, shipped: 9m, book: []);

        Assert.That(catalog.Routes["chat"].Targets[0].PriceAt(July)!.InputPerMTok, Is.EqualTo(9m));
    }

    private static ModelPrice Price(decimal input) => new(input, input * 2, input / 10, input);

    private static GatewayCatalog Build(decimal? targetPrice, decimal shipped, (DateTimeOffset From, decimal Input)[] book)
    {
        var config = new GatewayConfigDocument();
        config.Providers["p"] = new ProviderDocument { Kind = "openai", BaseUrl = "http://127.0.0.1:1/v1" };
        var target = new TargetDocument { Provider = "p", Model = "m" };
        if (targetPrice is { } explicitPrice)
        {
            target.Price = new PriceDocument { InputPerMTok = explicitPrice, OutputPerMTok = explicitPrice };
        }
        config.Models["chat"] = new ModelDocument { Targets = [target] };
        var shippedCatalog = new ModelCatalogDocument();
        shippedCatalog.Models["p/m"] = new ModelInfoDocument { Price = new PriceDocument { InputPerMTok = shipped, OutputPerMTok = shipped } };
        var database = new DatabaseCatalogDocument();
        if (book.Length > 0)
        {
            database.PriceSchedules["p/m"] = [.. book.Select(entry => new ScheduledPriceDocument
            {
                EffectiveFrom = entry.From,
                Price = new PriceDocument { InputPerMTok = entry.Input, OutputPerMTok = entry.Input },
            })];
        }
        var kinds = new Dictionary<string, ProviderKindInfo> { ["openai"] = new("openai", null) };
        var result = new CatalogBuilder(kinds, _ => null).Build(config, shippedCatalog, database);
        Assert.That(result.Errors, Is.Empty);
        return result.Catalog!;
    }
}
