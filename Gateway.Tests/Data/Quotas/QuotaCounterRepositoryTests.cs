using Gateway.Data.Quotas;
using Gateway.Policies.Quotas;

namespace Gateway.Tests.Data.Quotas;

/// <summary>The lease protocol in PostgreSQL: grants never pass the limit, charges always count, slices come back.</summary>
[TestFixture]
public sealed class QuotaCounterRepositoryTests : DatabaseTest
{
    private static readonly DateTimeOffset WindowStart = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task A_lease_is_granted_in_full_then_in_part_then_refused()
    {
        var key = Key();

        var full = await Database.QuotaCounters.LeaseAsync(key, 25, 0, 10, CancellationToken.None);
        var second = await Database.QuotaCounters.LeaseAsync(key, 25, 0, 10, CancellationToken.None);
        var partial = await Database.QuotaCounters.LeaseAsync(key, 25, 0, 10, CancellationToken.None);
        var refused = await Database.QuotaCounters.LeaseAsync(key, 25, 0, 10, CancellationToken.None);

        Assert.That(new[] { full, second, partial, refused }, Is.EqualTo(new[]
        {
            new QuotaLeaseGrant(10, 10), new QuotaLeaseGrant(10, 20), new QuotaLeaseGrant(5, 25), new QuotaLeaseGrant(0, 25),
        }));
    }

    [Test]
    public async Task Overspend_is_charged_even_past_the_limit_and_then_nothing_is_granted()
    {
        var key = Key();
        await Database.QuotaCounters.LeaseAsync(key, 100, 0, 95, CancellationToken.None);

        var charged = await Database.QuotaCounters.LeaseAsync(key, 100, 12.5m, 10, CancellationToken.None);

        Assert.That(charged, Is.EqualTo(new QuotaLeaseGrant(0, 107.5m)));
        Assert.That(await Database.QuotaCounters.GetUsedAsync(key, CancellationToken.None), Is.EqualTo(107.5m));
    }

    [Test]
    public async Task Concurrent_leases_from_many_replicas_never_grant_past_the_limit()
    {
        var key = Key();

        var grants = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Database.QuotaCounters.LeaseAsync(key, 100, 0, 7, CancellationToken.None)));

        Assert.That(grants.Sum(grant => grant.Granted), Is.EqualTo(100m));
        Assert.That(grants.Max(grant => grant.Used), Is.EqualTo(100m));
        Assert.That(await Database.QuotaCounters.GetUsedAsync(key, CancellationToken.None), Is.EqualTo(100m));
    }

    [Test]
    public async Task A_released_slice_can_be_leased_by_another_replica_and_windows_are_separate_rows()
    {
        var key = Key();
        await Database.QuotaCounters.LeaseAsync(key, 10, 0, 10, CancellationToken.None);

        await Database.QuotaCounters.ReleaseAsync(key, 4, CancellationToken.None);
        var again = await Database.QuotaCounters.LeaseAsync(key, 10, 0, 10, CancellationToken.None);
        var nextWindow = await Database.QuotaCounters.LeaseAsync(key with { WindowStart = key.WindowEnd, WindowEnd = key.WindowEnd.AddMinutes(1) }, 10, 0, 3, CancellationToken.None);

        Assert.That(again, Is.EqualTo(new QuotaLeaseGrant(4, 10)));
        Assert.That(nextWindow, Is.EqualTo(new QuotaLeaseGrant(3, 3)));
    }

    [Test]
    public async Task Ended_windows_are_deleted_after_retention()
    {
        var old = Key();
        var current = Key() with { WindowStart = DateTimeOffset.UtcNow.AddMinutes(-1), WindowEnd = DateTimeOffset.UtcNow.AddDays(1) };
        await Database.QuotaCounters.LeaseAsync(old, 10, 0, 1, CancellationToken.None);
        await Database.QuotaCounters.LeaseAsync(current, 10, 0, 1, CancellationToken.None);

        var deleted = await Database.QuotaCounters.DeleteEndedAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);

        Assert.That(deleted, Is.GreaterThanOrEqualTo(1));
        Assert.That(await Database.QuotaCounters.GetUsedAsync(old, CancellationToken.None), Is.Null);
        Assert.That(await Database.QuotaCounters.GetUsedAsync(current, CancellationToken.None), Is.EqualTo(1m));
    }

    private static QuotaCounterKey Key() =>
        new(QuotaSubjectKind.Key, "key-" + Guid.NewGuid().ToString("N"), QuotaMeasure.Requests, QuotaPeriod.Minute, WindowStart, WindowStart.AddMinutes(1));
}
