using Gateway.Data.Audit;
using Gateway.Data.Sql;

namespace Gateway.Tests.Data.Audit;

[TestFixture]
public sealed class AuditLogRepositoryTests : DatabaseTest
{
    [Test]
    public async Task Appends_entries_and_lists_them_newest_first_per_entity()
    {
        var before = JsonDocument.Parse("""{"name":"old"}""").RootElement;
        var after = JsonDocument.Parse("""{"name":"new"}""").RootElement;
        var created = await Database.AuditLog.AppendAsync(new AuditEntrySpec("admin@example.com", "create", "organization", "o1", After: before), CancellationToken.None);
        var updated = await Database.AuditLog.AppendAsync(new AuditEntrySpec("admin@example.com", "update", "organization", "o1", before, after), CancellationToken.None);
        await Database.AuditLog.AppendAsync(new AuditEntrySpec("admin@example.com", "delete", "team", "t1"), CancellationToken.None);

        var first = await Database.AuditLog.ListAsync("organization", "o1", new PageRequest(1), CancellationToken.None);
        var second = await Database.AuditLog.ListAsync("organization", "o1", new PageRequest(1, first.NextCursor), CancellationToken.None);

        Assert.That(first.Items.Single().Id, Is.EqualTo(updated.Id));
        Assert.That(second.Items.Single().Id, Is.EqualTo(created.Id));
        Assert.That(updated.After!.Value.GetProperty("name").GetString(), Is.EqualTo("new"));
        Assert.That(created.Before, Is.Null);
        Assert.That(updated.At, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task An_update_without_both_images_and_a_malformed_action_are_rejected()
    {
        var noImages = await AsyncAssert.ThrowsAsync<Gateway.Data.Errors.DataConstraintException>(() =>
            Database.AuditLog.AppendAsync(new AuditEntrySpec("a", "update", "provider", "p"), CancellationToken.None));
        Assert.That(noImages!.Constraint, Is.EqualTo("audit_log_has_image"));
        var action = await AsyncAssert.ThrowsAsync<Gateway.Data.Errors.DataConstraintException>(() =>
            Database.AuditLog.AppendAsync(new AuditEntrySpec("a", "Drop Table", "provider"), CancellationToken.None));
        Assert.That(action!.Constraint, Is.EqualTo("audit_log_action_format"));
    }
}
