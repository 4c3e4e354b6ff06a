using Gateway.Proxy.Health;
using Gateway.Proxy.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Health;

[TestFixture]
public sealed class ModelCooldownsTests
{
    private ManualTimeProvider _time = null!;
    private ModelCooldowns _cooldowns = null!;

    [SetUp]
    public void CreateCooldowns()
    {
        _time = new ManualTimeProvider();
        _cooldowns = new ModelCooldowns(
            new StaticOptionsMonitor<PassiveHealthOptions>(new PassiveHealthOptions { RateLimitCooldownSeconds = 10, MaxRetryAfterSeconds = 60 }),
            _time, NullLogger<ModelCooldowns>.Instance);
    }

    [Test]
    public void Cools_down_only_the_rate_limited_pair_for_its_retry_after()
    {
        _cooldowns.RateLimited("openai", "gpt-4o", TimeSpan.FromSeconds(17));

        Assert.That(_cooldowns.TryGet("openai", "gpt-4o", out var cooldown), Is.True);
        Assert.That(cooldown.Until, Is.EqualTo(_time.GetUtcNow().AddSeconds(17)));
        Assert.That(_cooldowns.TryGet("openai", "gpt-4o-mini", out _), Is.False, "the provider's other models");
        Assert.That(_cooldowns.TryGet("azure", "gpt-4o", out _), Is.False, "the same model elsewhere");
        _time.Advance(TimeSpan.FromSeconds(17));
        Assert.That(_cooldowns.TryGet("openai", "gpt-4o", out _), Is.False);
        Assert.That(_cooldowns.Active(), Is.Empty);
    }

    [Test]
    public void Uses_the_default_without_a_retry_after_and_caps_a_long_one()
    {
        _cooldowns.RateLimited("p", "a", null);
        _cooldowns.RateLimited("p", "b", TimeSpan.FromHours(3));

        Assert.That(_cooldowns.TryGet("p", "a", out var a), Is.True);
        Assert.That(_cooldowns.TryGet("p", "b", out var b), Is.True);
        Assert.That(a.Until, Is.EqualTo(_time.GetUtcNow().AddSeconds(10)));
        Assert.That(b.Until, Is.EqualTo(_time.GetUtcNow().AddSeconds(60)));
    }

    [Test]
    public void A_later_429_lengthens_but_never_shortens_the_cooldown()
    {
        _cooldowns.RateLimited("p", "m", TimeSpan.FromSeconds(30));
        _cooldowns.RateLimited("p", "m", TimeSpan.FromSeconds(5));
        _cooldowns.TryGet("p", "m", out var kept);
        Assert.That(kept.Until, Is.EqualTo(_time.GetUtcNow().AddSeconds(30)));

        _cooldowns.RateLimited("p", "m", TimeSpan.FromSeconds(45));
        _cooldowns.TryGet("p", "m", out var longer);
        Assert.That(longer.Until, Is.EqualTo(_time.GetUtcNow().AddSeconds(45)));
    }

    [Test]
    public void A_success_ends_the_cooldown()
    {
        _cooldowns.RateLimited("p", "m", TimeSpan.FromSeconds(30));

        _cooldowns.Clear("p", "m");

        Assert.That(_cooldowns.TryGet("p", "m", out _), Is.False);
    }
}
