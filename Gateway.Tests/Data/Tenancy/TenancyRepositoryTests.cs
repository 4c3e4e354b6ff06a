using Gateway.Data.Errors;
using Gateway.Data.Sql;

namespace Gateway.Tests.Data.Tenancy;

[TestFixture]
public sealed class TenancyRepositoryTests : DatabaseTest
{
    [Test]
    public async Task Creates_reads_renames_and_deletes_an_organization()
    {
        var created = await Database.Organizations.CreateAsync("Acme " + Guid.NewGuid(), CancellationToken.None);

        Assert.That(await Database.Organizations.GetAsync(created.Id, CancellationToken.None), Is.EqualTo(created));
        var renamed = await Database.Organizations.RenameAsync(created.Id, created.Name + " Inc", CancellationToken.None);
        Assert.That(renamed!.Name, Is.EqualTo(created.Name + " Inc"));
        Assert.That(renamed.UpdatedAt, Is.GreaterThanOrEqualTo(created.UpdatedAt));
        Assert.That(await Database.Organizations.DeleteAsync(created.Id, CancellationToken.None), Is.True);
        Assert.That(await Database.Organizations.GetAsync(created.Id, CancellationToken.None), Is.Null);
        Assert.That(await Database.Organizations.DeleteAsync(created.Id, CancellationToken.None), Is.False);
        Assert.That(await Database.Organizations.RenameAsync(created.Id, "gone", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Timestamps_come_back_in_utc_close_to_now()
    {
        var created = await Database.Organizations.CreateAsync("Clock " + Guid.NewGuid(), CancellationToken.None);

        Assert.That(created.CreatedAt.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(created.CreatedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task A_duplicate_organization_name_is_a_unique_violation()
    {
        var name = "Twice " + Guid.NewGuid();
        await Database.Organizations.CreateAsync(name, CancellationToken.None);

        var error = await AsyncAssert.ThrowsAsync<DataConstraintException>(() => Database.Organizations.CreateAsync(name, CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ConstraintViolationKind.Unique));
        Assert.That(error.Constraint, Is.EqualTo("organizations_name_key"));
    }

    [Test]
    public async Task A_blank_name_is_a_check_violation()
    {
        var error = await AsyncAssert.ThrowsAsync<DataConstraintException>(() => Database.Organizations.CreateAsync("   ", CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ConstraintViolationKind.Check));
        Assert.That(error.Table, Is.EqualTo("organizations"));
    }

    [Test]
    public async Task Teams_and_environments_hang_under_their_parents_and_go_with_them()
    {
        var org = await Database.Organizations.CreateAsync("Tree " + Guid.NewGuid(), CancellationToken.None);
        var team = await Database.Teams.CreateAsync(org.Id, "platform", CancellationToken.None);
        var environment = await Database.Environments.CreateAsync(team.Id, "production", storeBodies: true, CancellationToken.None);

        Assert.That(team.OrgId, Is.EqualTo(org.Id));
        Assert.That((environment.TeamId, environment.OrgId, environment.StoreBodies), Is.EqualTo((team.Id, org.Id, true)));
        Assert.That(await Database.Environments.GetAsync(environment.Id, CancellationToken.None), Is.EqualTo(environment));

        var updated = await Database.Environments.UpdateAsync(environment.Id, "prod", storeBodies: false, CancellationToken.None);
        Assert.That((updated!.Name, updated.StoreBodies, updated.OrgId), Is.EqualTo(("prod", false, org.Id)));
        var renamedTeam = await Database.Teams.RenameAsync(team.Id, "infra", CancellationToken.None);
        Assert.That(renamedTeam!.Name, Is.EqualTo("infra"));

        await Database.Organizations.DeleteAsync(org.Id, CancellationToken.None);
        Assert.That(await Database.Teams.GetAsync(team.Id, CancellationToken.None), Is.Null);
        Assert.That(await Database.Environments.GetAsync(environment.Id, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_team_in_a_missing_organization_is_a_foreign_key_violation()
    {
        var error = await AsyncAssert.ThrowsAsync<DataConstraintException>(() => Database.Teams.CreateAsync(Guid.NewGuid(), "orphans", CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(ConstraintViolationKind.ForeignKey));
        Assert.That(error.Constraint, Does.Contain("org_id"));
    }

    [Test]
    public async Task Lists_page_through_every_row_once_without_gaps_or_repeats()
    {
        var org = await Database.Organizations.CreateAsync("Pages " + Guid.NewGuid(), CancellationToken.None);
        var created = new List<Guid>();
        for (var index = 0; index < 7; index++)
        {
            created.Add((await Database.Teams.CreateAsync(org.Id, $"team-{index}", CancellationToken.None)).Id);
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Database.Teams.ListAsync(org.Id, new PageRequest(3, cursor), CancellationToken.None);
            Assert.That(page.Items, Has.Count.LessThanOrEqualTo(3));
            seen.AddRange(page.Items.Select(team => team.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.That(seen, Is.Unique);
        Assert.That(seen, Is.EquivalentTo(created));
        Assert.That(pages, Is.EqualTo(3));
    }

    [Test]
    public async Task Organizations_list_caps_the_page_and_rejects_a_forged_cursor()
    {
        await Database.Organizations.CreateAsync("Cap " + Guid.NewGuid(), CancellationToken.None);

        var first = await Database.Organizations.ListAsync(new PageRequest(100_000), CancellationToken.None);

        Assert.That(first.Items, Is.Not.Empty);
        await AsyncAssert.ThrowsAsync<ArgumentException>(() => Database.Organizations.ListAsync(new PageRequest(10, "not-a-cursor!"), CancellationToken.None));
        await AsyncAssert.ThrowsAsync<ArgumentOutOfRangeException>(() => Database.Organizations.ListAsync(new PageRequest(0), CancellationToken.None));
    }

    [Test]
    public async Task Environments_list_only_their_team()
    {
        var org = await Database.Organizations.CreateAsync("Envs " + Guid.NewGuid(), CancellationToken.None);
        var first = await Database.Teams.CreateAsync(org.Id, "a", CancellationToken.None);
        var second = await Database.Teams.CreateAsync(org.Id, "b", CancellationToken.None);
        await Database.Environments.CreateAsync(first.Id, "dev", storeBodies: false, CancellationToken.None);
        await Database.Environments.CreateAsync(second.Id, "dev", storeBodies: false, CancellationToken.None);

        var page = await Database.Environments.ListAsync(first.Id, PageRequest.First, CancellationToken.None);

        Assert.That(page.Items.Select(environment => environment.TeamId), Is.EqualTo(new[] { first.Id }));
        Assert.That(page.NextCursor, Is.Null);
    }
}
