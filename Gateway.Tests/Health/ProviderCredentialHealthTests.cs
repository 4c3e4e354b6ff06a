using Gateway.Proxy.Health;
using Gateway.Proxy.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Health;

[TestFixture]
public sealed class ProviderCredentialHealthTests
{
    private ManualTimeProvider _time = null!;
    private ProviderCredentialHealth _credentials = null!;

    [SetUp]
    public void CreateHealth()
    {
        _time = new ManualTimeProvider();
        _credentials = new ProviderCredentialHealth(
            new StaticOptionsMonitor<PassiveHealthOptions>(new PassiveHealthOptions { CredentialFailureThreshold = 3, AuthFailureCooldownSeconds = 60 }),
            _time, NullLogger<ProviderCredentialHealth>.Instance);
    }

    [Test]
    public void Takes_the_provider_out_after_the_threshold_for_the_cooldown()
    {
        var provider = Provider("key-1");
        _credentials.Rejected(provider);
        _credentials.Rejected(provider);
        Assert.That(_credentials.TryGetOutage(provider, out _), Is.False);

        _credentials.Rejected(provider);

        Assert.That(_credentials.TryGetOutage(provider, out var outage), Is.True);
        Assert.That((outage.Until, outage.Rejections), Is.EqualTo((_time.GetUtcNow().AddSeconds(60), 3)));
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(_credentials.TryGetOutage(provider, out _), Is.False);
    }

    [Test]
    public void A_success_resets_the_count()
    {
        var provider = Provider("key-1");
        _credentials.Rejected(provider);
        _credentials.Rejected(provider);
        _credentials.Accepted(provider.Id);
        _credentials.Rejected(provider);

        Assert.That(_credentials.TryGetOutage(provider, out _), Is.False);
    }

    [Test]
    public void A_new_credential_gets_its_chance_at_once()
    {
        for (var i = 0; i < 3; i++)
        {
            _credentials.Rejected(Provider("key-1"));
        }

        Assert.That(_credentials.TryGetOutage(Provider("key-2"), out _), Is.False);
        Assert.That(_credentials.TryGetOutage(Provider("key-1"), out _), Is.True);
    }

    private static ProviderDefinition Provider(string key) => new()
    {
        Id = "openai", Kind = "openai", BaseUrls = ["https://api.openai.com/v1"], ApiKey = key, Settings = new Dictionary<string, string>(),
    };
}
