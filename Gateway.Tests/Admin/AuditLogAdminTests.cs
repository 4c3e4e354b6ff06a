namespace Gateway.Tests.Admin;

/// <summary>
/// Every admin write appends an audit entry (who, what, when, before and after) without secrets, read back newest
/// first and filtered by entity and time; the raw rows are checked for credentials and key secrets.
/// </summary>
[TestFixture]
public sealed class AuditLogAdminTests : AdminTest
{
    private const string Credential = "sk-audit-provider-credential-777";

    [Test]
    public async Task Records_every_write_with_actor_action_entity_and_images_and_no_secret()
    {
        var start = await LastAuditIdAsync();
        var org = await CreateOrganizationAsync();
        var renamed = Unique("renamed");
        await PutAsync($"/admin/v1/organizations/{org}", $$"""{"name":"{{renamed}}"}""");
        var team = await CreateTeamAsync(org);
        var environment = await CreateEnvironmentAsync(team);
        var provider = Unique("audited");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{provider}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"org:{{org}}","credential":"{{Credential}}"}""");
        await PutAsync($"/admin/v1/providers/{provider}/credential", $$"""{"credential":"{{Credential}}-2"}""");
        await CreateAsync($"/admin/v1/providers/{provider}/models", """{"model":"m"}""");
        var alias = (await CreateAsync("/admin/v1/aliases", $$"""{"scope":"org:{{org}}","name":"a","targets":[{"provider":"{{provider}}","model":"m"}]}"""))["id"]!.ToString();
        await CreateAsync("/admin/v1/routing-policies", $$"""{"scope":"org:{{org}}","name":"p","type":"cost"}""");
        await CreateAsync("/admin/v1/prices", $$"""{"provider_id":"{{provider}}","model":"m","input_per_mtok":1,"output_per_mtok":2}""");
        await CreateAsync("/admin/v1/quotas", $$"""{"subject_kind":"team","subject_id":"{{team}}","metric":"requests","window":"day","limit":10}""");
        var (secret, key) = await CreateKeyAsync($"environment:{environment}", isAdmin: false);
        var rotated = (await PostAsync($"/admin/v1/keys/{key}/rotate", "")).Body;
        await DeleteAsync($"/admin/v1/aliases/{alias}");
        await DeleteAsync($"/admin/v1/providers/{provider}/credential");

        var rows = await RowsAsync(start);
        var actions = rows.Select(r => $"{r.Action} {r.Entity}").ToList();
        Assert.That(actions, Is.EqualTo(new[]
        {
            "create organization", "update organization", "create team", "create environment", "create provider", "set_credential provider",
            "create provider_model", "create model_alias", "create routing_policy", "create price", "create quota", "create api_key",
            "rotate api_key", "delete model_alias", "delete_credential provider",
        }));
        Assert.That(rows.Select(r => r.Actor).Distinct(), Is.EqualTo(new[] { "config:root" }));
        Assert.That(rows.All(r => r.At > DateTimeOffset.UtcNow.AddMinutes(-5)), Is.True);

        var raw = string.Join("\n", rows.Select(r => r.Raw));
        Assert.That(raw, Does.Not.Contain(Credential), "credentials never reach the audit log");
        Assert.That(raw, Does.Not.Contain(secret).And.Not.Contain(rotated["secret"]!.GetValue<string>()), "key secrets never reach the audit log");

        var update = rows.Single(r => r.Action == "update");
        Assert.That(update.EntityId, Is.EqualTo(org));
        Assert.That(JsonNode.Parse(update.After!)!["name"]!.GetValue<string>(), Is.EqualTo(renamed));
        Assert.That(JsonNode.Parse(update.Before!)!["name"]!.GetValue<string>(), Is.Not.EqualTo(renamed));
        var setCredential = rows.Single(r => r.Action == "set_credential");
        Assert.That(JsonNode.Parse(setCredential.After!)!["has_credential"]!.GetValue<bool>(), Is.True);
        var deleted = rows.Single(r => r.Action == "delete" && r.Entity == "model_alias");
        Assert.That(deleted.After, Is.Null);
        Assert.That(deleted.Before, Is.Not.Null);
    }

    [Test]
    public async Task Appends_exactly_one_entry_per_successful_write_and_none_for_a_refused_one()
    {
        var start = await LastAuditIdAsync();
        var (org, team, environment, provider, alias, policy, quota) = await CreateOneOfEachAsync(Unique("every"), "m");
        var price = (await CreateAsync("/admin/v1/prices", $$"""{"provider_id":"{{provider}}","model":"m","input_per_mtok":1,"output_per_mtok":2}"""))["id"]!.ToString();
        var (_, key) = await CreateKeyAsync($"environment:{environment}", isAdmin: false);
        var start2 = await LastAuditIdAsync();
        var newName = Unique("new-org");

        (HttpMethod Method, string Path, string? Body, string Expected)[] writes =
        [
            (HttpMethod.Put, $"/admin/v1/teams/{team}", """{"name":"t2"}""", "update team"),
            (HttpMethod.Put, $"/admin/v1/environments/{environment}", """{"name":"e2","store_bodies":true}""", "update environment"),
            (HttpMethod.Put, $"/admin/v1/providers/{provider}", $$"""{"kind":"openai","base_url":"http://127.0.0.1:9/v2","scope":"org:{{org}}"}""", "update provider"),
            (HttpMethod.Put, $"/admin/v1/providers/{provider}/models/m", """{"context_window":1000}""", "update provider_model"),
            (HttpMethod.Put, $"/admin/v1/aliases/{alias}", $$"""{"scope":"org:{{org}}","name":"a2","targets":[{"provider":"{{provider}}","model":"m"}]}""", "update model_alias"),
            (HttpMethod.Put, $"/admin/v1/routing-policies/{policy}", $$"""{"scope":"org:{{org}}","name":"p2","type":"latency"}""", "update routing_policy"),
            (HttpMethod.Put, $"/admin/v1/quotas/{quota}", """{"limit":20}""", "update quota"),
            (HttpMethod.Post, $"/admin/v1/keys/{key}/bindings", $$"""{"scope":"team:{{team}}"}""", "add_binding api_key"),
            (HttpMethod.Post, $"/admin/v1/keys/{key}/revoke", null, "revoke api_key"),
            (HttpMethod.Post, "/admin/v1/organizations", $$"""{"name":"{{newName}}"}""", "create organization"),
            (HttpMethod.Delete, $"/admin/v1/quotas/{quota}", null, "delete quota"),
            (HttpMethod.Delete, $"/admin/v1/prices/{price}", null, "delete price"),
            (HttpMethod.Delete, $"/admin/v1/routing-policies/{policy}", null, "delete routing_policy"),
            (HttpMethod.Delete, $"/admin/v1/aliases/{alias}", null, "delete model_alias"),
            (HttpMethod.Delete, $"/admin/v1/providers/{provider}/models/m", null, "delete provider_model"),
            (HttpMethod.Delete, $"/admin/v1/providers/{provider}", null, "delete provider"),
            (HttpMethod.Delete, $"/admin/v1/keys/{key}", null, "delete api_key"),
            (HttpMethod.Delete, $"/admin/v1/environments/{environment}", null, "delete environment"),
            (HttpMethod.Delete, $"/admin/v1/teams/{team}", null, "delete team"),
            (HttpMethod.Delete, $"/admin/v1/organizations/{org}", null, "delete organization"),
        ];
        foreach (var (method, path, body, _) in writes)
        {
            var response = await SendAsync(method, path, body ?? (method == HttpMethod.Post ? "" : null));
            Assert.That((int)response.Status, Is.InRange(200, 201), $"{method} {path}: {response}");
        }
        // Refused writes leave no entry.
        Assert.That((await PostAsync("/admin/v1/organizations", $$"""{"name":"{{newName}}"}""")).Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await PostAsync("/admin/v1/organizations", """{"name":""}""")).Status, Is.EqualTo(HttpStatusCode.BadRequest));

        Assert.That((await RowsAsync(start)).Take(10).Select(r => r.Action).Distinct(), Is.EqualTo(new[] { "create" }));
        var rows = await RowsAsync(start2);
        Assert.That(rows.Select(r => $"{r.Action} {r.Entity}"), Is.EqualTo(writes.Select(w => w.Expected)));
        Assert.That(rows.Where(r => r.Action is "update" or "add_binding" or "revoke").All(r => r.Before is not null && r.After is not null), Is.True);
        Assert.That(rows.Where(r => r.Action == "delete").All(r => r.Before is not null && r.After is null), Is.True);
    }

    [Test]
    public async Task Reads_the_log_newest_first_filtered_by_entity_and_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var first = await CreateOrganizationAsync();
        var second = await CreateOrganizationAsync();
        await PutAsync($"/admin/v1/organizations/{first}", $$"""{"name":"{{Unique("again")}}"}""");

        var forFirst = await GetAsync($"/admin/v1/audit-log?entity=organization&entity_id={first}");
        Assert.That(forFirst.Status, Is.EqualTo(HttpStatusCode.OK), forFirst.ToString());
        var entries = forFirst.Body["data"]!.AsArray();
        Assert.That(entries.Select(e => e!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "update", "create" }), "newest first");
        Assert.That(entries[0]!["object"]!.GetValue<string>(), Is.EqualTo("audit_entry"));
        Assert.That(entries[0]!["actor"]!.GetValue<string>(), Is.EqualTo("config:root"));

        var since = Uri.EscapeDataString(before.ToString("O"));
        var recent = (await GetAsync($"/admin/v1/audit-log?entity=organization&since={since}")).Body["data"]!.AsArray();
        Assert.That(recent.Select(e => e!["entity_id"]!.GetValue<string>()), Does.Contain(second));
        var until = Uri.EscapeDataString(before.ToString("O"));
        var older = (await GetAsync($"/admin/v1/audit-log?entity=organization&until={until}")).Body["data"]!.AsArray();
        Assert.That(older.Select(e => e!["entity_id"]!.GetValue<string>()), Does.Not.Contain(second));

        AssertError(await GetAsync("/admin/v1/audit-log?since=last-week"), HttpStatusCode.BadRequest, "since");
    }

    private async Task<List<AuditRow>> RowsAsync(long after)
    {
        var rows = new List<AuditRow>();
        await using var command = Database.DataSource.CreateCommand(
            "select at, actor, action, entity, entity_id, before::text, after::text, row_to_json(a)::text from audit_log a where id > $1 order by id");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = after });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new AuditRow(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7)));
        }
        return rows;
    }

    private sealed record AuditRow(DateTimeOffset At, string Actor, string Action, string Entity, string? EntityId, string? Before, string? After, string Raw);
}
