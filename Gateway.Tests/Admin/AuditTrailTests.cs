namespace Gateway.Tests.Admin;

/// <summary>
/// The audit log records every admin change in the change's own transaction (no change without its entry), with the
/// caller's address, and records refused (403) attempts too: who, from where, what was asked and why it was refused.
/// </summary>
[TestFixture]
public sealed class AuditTrailTests : AdminTest
{
    [Test]
    public async Task A_change_whose_audit_entry_cannot_be_written_is_not_made()
    {
        // The audit log refuses one entry, as a full disk or a lost connection at that moment would.
        await Database.ExecuteAsync("""
            create function test_refuse_audit() returns trigger language plpgsql as $$
            begin
                if new.after ->> 'name' = 'unaudited-org' then raise exception 'audit log unavailable'; end if;
                return new;
            end $$;
            create trigger test_refuse_audit before insert on audit_log for each row execute function test_refuse_audit();
            """);
        try
        {
            var refused = await PostAsync("/admin/v1/organizations", """{"name":"unaudited-org"}""");

            Assert.That((int)refused.Status, Is.EqualTo(503), refused.ToString());
            Assert.That(await Database.ScalarAsync<long>("select count(*) from organizations where name = 'unaudited-org'"), Is.Zero,
                "the organization was rolled back with its entry");
        }
        finally
        {
            await Database.ExecuteAsync("drop trigger test_refuse_audit on audit_log; drop function test_refuse_audit();");
        }
        Assert.That((await PostAsync("/admin/v1/organizations", """{"name":"unaudited-org"}""")).Status, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Every_entry_carries_the_callers_address()
    {
        var org = await CreateOrganizationAsync();

        var entries = (await GetAsync($"/admin/v1/audit-log?entity=organization&entity_id={org}")).Body["data"]!.AsArray();

        Assert.That(entries, Has.Count.EqualTo(1));
        Assert.That(entries[0]!["client_ip"]!.GetValue<string>(), Is.EqualTo("127.0.0.1"));
        Assert.That(await Database.ScalarAsync<string>("select host(client_ip) from audit_log where entity_id = $1", org), Is.EqualTo("127.0.0.1"));
    }

    [Test]
    public async Task Refused_admin_attempts_are_audited_with_who_asked_what_and_from_where()
    {
        var mine = await CreateOrganizationAsync();
        var theirs = await CreateOrganizationAsync();
        var (admin, adminId) = await CreateKeyAsync($"org:{mine}", isAdmin: true);
        var (plain, plainId) = await CreateKeyAsync($"org:{mine}", isAdmin: false);

        AssertError(await PutAsync($"/admin/v1/organizations/{theirs}", """{"name":"taken-over"}""", admin), HttpStatusCode.Forbidden);
        AssertError(await GetAsync("/admin/v1/me", plain), HttpStatusCode.Forbidden);

        var denied = (await GetAsync($"/admin/v1/audit-log?entity=admin_request")).Body["data"]!.AsArray();
        var byAdmin = denied.Single(entry => entry!["actor"]!.GetValue<string>() == $"key:{adminId}")!;
        Assert.That(byAdmin["action"]!.GetValue<string>(), Is.EqualTo("deny"));
        Assert.That(byAdmin["entity_id"]!.GetValue<string>(), Is.EqualTo($"PUT /admin/v1/organizations/{theirs}"));
        Assert.That(byAdmin["client_ip"]!.GetValue<string>(), Is.EqualTo("127.0.0.1"));
        Assert.That(byAdmin["after"]!["status"]!.GetValue<int>(), Is.EqualTo(403));
        Assert.That(byAdmin["after"]!["code"]!.GetValue<string>(), Is.EqualTo("outside_admin_scope"));
        var byPlainKey = denied.Single(entry => entry!["actor"]!.GetValue<string>() == $"key:{plainId}")!;
        Assert.That(byPlainKey["entity_id"]!.GetValue<string>(), Is.EqualTo("GET /admin/v1/me"));
        Assert.That(byPlainKey["after"]!["code"]!.GetValue<string>(), Is.EqualTo("not_an_admin_key"));
        Assert.That(await Database.ScalarAsync<string>("select name from organizations where id = $1", Guid.Parse(theirs)), Is.Not.EqualTo("taken-over"));
    }
}
