using Gateway.Data.Quotas;
using Gateway.Data.Sql;
using Gateway.Policies.Quotas;

namespace Gateway.Tests.Data.Quotas;

[TestFixture]
public sealed class QuotaRepositoryTests : DatabaseTest
{
    [Test]
    public async Task Upserting_the_same_subject_metric_and_window_changes_the_limit()
    {
        var subject = Guid.NewGuid();

        var created = await Database.Quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Team, subject, QuotaMeasure.Cost, QuotaPeriod.Month, 100m), CancellationToken.None);
        var changed = await Database.Quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Team, subject, QuotaMeasure.Cost, QuotaPeriod.Month, 250.5m), CancellationToken.None);
        await Database.Quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Team, subject, QuotaMeasure.Requests, QuotaPeriod.Minute, 600m), CancellationToken.None);

        Assert.That((changed.Id, changed.Limit, changed.SubjectKind, changed.Metric, changed.Window),
            Is.EqualTo((created.Id, 250.5m, QuotaSubjectKind.Team, QuotaMeasure.Cost, QuotaPeriod.Month)));
        var forSubject = await Database.Quotas.ListForSubjectAsync(QuotaSubjectKind.Team, subject, CancellationToken.None);
        Assert.That(forSubject.Select(quota => quota.Metric), Is.EquivalentTo(new[] { QuotaMeasure.Cost, QuotaMeasure.Requests }));
        Assert.That(await Database.Quotas.DeleteAsync(created.Id, CancellationToken.None), Is.True);
        Assert.That(await Database.Quotas.GetAsync(created.Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task An_organization_quota_is_stored_in_the_databases_words_and_read_back_as_the_policies_enum()
    {
        var subject = Guid.NewGuid();

        var created = await Database.Quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Organization, subject, QuotaMeasure.Tokens, QuotaPeriod.Day, 5m), CancellationToken.None);
        var stored = await Database.ScalarAsync<string>(
            "select subject_kind || '/' || metric || '/' || window_unit from quotas where id = $1", created.Id);
        var read = await Database.Quotas.GetAsync(created.Id, CancellationToken.None);

        Assert.That(stored, Is.EqualTo("org/tokens/day"));
        Assert.That((read!.SubjectKind, read.Metric, read.Window), Is.EqualTo((QuotaSubjectKind.Organization, QuotaMeasure.Tokens, QuotaPeriod.Day)));
    }

    [Test]
    public async Task Deleting_the_subject_deletes_its_quotas()
    {
        var org = await Database.Organizations.CreateAsync("Quota Org", CancellationToken.None);
        await Database.Quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Organization, org.Id, QuotaMeasure.Tokens, QuotaPeriod.Day, 1_000_000m), CancellationToken.None);

        await Database.Organizations.DeleteAsync(org.Id, CancellationToken.None);

        Assert.That(await Database.Quotas.ListForSubjectAsync(QuotaSubjectKind.Organization, org.Id, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Quotas_list_pages_and_bad_values_are_rejected()
    {
        await Database.Quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Key, Guid.NewGuid(), QuotaMeasure.Requests, QuotaPeriod.Day, 1m), CancellationToken.None);
        await Database.Quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Key, Guid.NewGuid(), QuotaMeasure.Requests, QuotaPeriod.Day, 2m), CancellationToken.None);

        var page = await Database.Quotas.ListAsync(new PageRequest(1), CancellationToken.None);

        Assert.That(page.Items, Has.Count.EqualTo(1));
        Assert.That(page.NextCursor, Is.Not.Null);
        var negative = await AsyncAssert.ThrowsAsync<Gateway.Data.Errors.DataConstraintException>(() =>
            Database.Quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Key, Guid.NewGuid(), QuotaMeasure.Cost, QuotaPeriod.Day, -1m), CancellationToken.None));
        Assert.That(negative!.Constraint, Is.EqualTo("quotas_limit_non_negative"));
        var window = await AsyncAssert.ThrowsAsync<Npgsql.PostgresException>(() => Database.ExecuteAsync(
            "insert into quotas (subject_kind, subject_id, metric, window_unit, limit_value) values ('key', gen_random_uuid(), 'requests', 'week', 1)"));
        Assert.That(window!.ConstraintName, Is.EqualTo("quotas_window_valid"));
    }
}
