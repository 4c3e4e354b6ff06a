using Gateway.Proxy.Auth;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Auth;

/// <summary>
/// An address that keeps presenting bad keys is refused with 429 (OpenAI's shape, Retry-After) until its window ends;
/// the table of addresses stays bounded, and IPv6 clients count per /64.
/// </summary>
[TestFixture]
public sealed class AuthFailureThrottleTests
{
    [Test]
    public async Task Refuses_an_address_after_repeated_bad_keys_with_429_and_retry_after()
    {
        using var provider = FakeProvider.AnsweringChats();
        await using var gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": { "openai": { "Kind": "openai", "BaseUrl": "{{provider.Url}}/v1", "ApiKey": "k" } },
                "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] } },
                "Keys": {{GatewayHost.KeysJson}},
                "Auth": { "MaxFailuresPerWindow": 3, "FailureWindowSeconds": 120 }
              }
            }
            """);

        for (var i = 0; i < 3; i++)
        {
            using var bad = await ChatAsync(gateway, $"gw-wrong-{i}");
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
        using var throttled = await ChatAsync(gateway, "gw-wrong-again");
        using var evenGood = await ChatAsync(gateway, GatewayHost.ClientKey);

        Assert.That((int)throttled.StatusCode, Is.EqualTo(429));
        var retryAfter = int.Parse(throttled.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(retryAfter, Is.InRange(1, 120));
        var error = JsonNode.Parse(await throttled.Content.ReadAsStringAsync())!["error"]!;
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("too_many_authentication_failures"));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("rate_limit_error"));
        Assert.That(error.AsObject().ContainsKey("param"), Is.True);
        Assert.That((int)evenGood.StatusCode, Is.EqualTo(429), "the address is refused whatever key it sends, until the window ends");
        Assert.That(await gateway.Http.GetStringAsync("/healthz"), Is.EqualTo("ok"), "paths without a key are not throttled");
        Assert.That(await gateway.Http.GetStringAsync("/metrics"), Does.Contain("gateway_auth_rejections_total{reason=\"throttled\"}"));
    }

    [Test]
    public void Lets_an_address_in_again_when_its_window_ends()
    {
        var (throttle, time) = Create(maxFailures: 2, windowSeconds: 60, maxAddresses: 100);
        var address = IPAddress.Parse("203.0.113.7");
        throttle.Failed(address);
        throttle.Failed(address);

        Assert.That(throttle.IsThrottled(address, out var retryAfter), Is.True);
        Assert.That(retryAfter, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(throttle.IsThrottled(IPAddress.Parse("203.0.113.8"), out _), Is.False, "another address is not affected");
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.That(throttle.IsThrottled(address, out _), Is.False);
        throttle.Failed(address);
        Assert.That(throttle.IsThrottled(address, out _), Is.False, "a new window starts from zero");
    }

    [Test]
    public void Counts_ipv6_clients_per_64_and_mapped_ipv4_as_ipv4()
    {
        var (throttle, _) = Create(maxFailures: 2, windowSeconds: 60, maxAddresses: 100);
        throttle.Failed(IPAddress.Parse("2001:db8:1:2::1"));
        throttle.Failed(IPAddress.Parse("2001:db8:1:2:ffff::9"));
        throttle.Failed(IPAddress.Parse("::ffff:198.51.100.1"));
        throttle.Failed(IPAddress.Parse("198.51.100.1"));

        Assert.That(throttle.IsThrottled(IPAddress.Parse("2001:db8:1:2:abcd::1"), out _), Is.True, "same /64");
        Assert.That(throttle.IsThrottled(IPAddress.Parse("2001:db8:1:3::1"), out _), Is.False, "another /64");
        Assert.That(throttle.IsThrottled(IPAddress.Parse("198.51.100.1"), out _), Is.True);
    }

    [Test]
    public void Remembers_no_more_addresses_than_its_bound()
    {
        var (throttle, time) = Create(maxFailures: 5, windowSeconds: 10, maxAddresses: 16);
        for (var i = 0; i < 1000; i++)
        {
            throttle.Failed(new IPAddress([10, 0, (byte)(i / 256), (byte)(i % 256)]));
        }
        Assert.That(throttle.TrackedAddresses, Is.EqualTo(16));

        time.Advance(TimeSpan.FromSeconds(11));
        throttle.Failed(IPAddress.Parse("10.9.9.9"));
        Assert.That(throttle.TrackedAddresses, Is.EqualTo(1), "ended windows make room");
    }

    private static (AuthFailureThrottle Throttle, ManualTimeProvider Time) Create(int maxFailures, double windowSeconds, int maxAddresses)
    {
        var time = new ManualTimeProvider();
        var options = new StaticOptionsMonitor<AuthThrottleOptions>(new AuthThrottleOptions
        {
            MaxFailuresPerWindow = maxFailures,
            FailureWindowSeconds = windowSeconds,
            MaxTrackedAddresses = maxAddresses,
        });
        return (new AuthFailureThrottle(options, time, NullLogger<AuthFailureThrottle>.Instance), time);
    }

    private static async Task<HttpResponseMessage> ChatAsync(GatewayHost gateway, string key)
    {
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return await client.SendAsync(request);
    }
}
