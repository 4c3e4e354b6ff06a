namespace Gateway.Tests.Admin;

/// <summary>
/// What every admin create, update and delete answers and audits: a create's Location is the new resource's own path,
/// a delete answers the resource's id with <c>&lt;entity&gt;.deleted</c>, and the audit entries carry the resource's id
/// (a provider model's carry its provider's).
/// </summary>
[TestFixture]
public sealed class AdminWriteAnswerTests : AdminTest
{
    [Test]
    public async Task Answers_each_create_with_the_location_of_the_new_resource()
    {
        var org = await PostAsync("/admin/v1/organizations", $$"""{"name":"{{Unique("org")}}"}""");
        var team = await PostAsync($"/admin/v1/organizations/{org.Id}/teams", """{"name":"t"}""");
        var environment = await PostAsync($"/admin/v1/teams/{team.Id}/environments", """{"name":"e"}""");
        var providerId = Unique("located");
        var provider = await PostAsync("/admin/v1/providers", $$"""{"id":"{{providerId}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"org:{{org.Id}}"}""");
        var model = await PostAsync($"/admin/v1/providers/{providerId}/models", """{"model":"meta-llama/Llama-3"}""");
        var alias = await PostAsync("/admin/v1/aliases", $$"""{"scope":"org:{{org.Id}}","name":"a","targets":[{"provider":"{{providerId}}","model":"m"}]}""");
        var policy = await PostAsync("/admin/v1/routing-policies", $$"""{"scope":"org:{{org.Id}}","name":"p","type":"cost"}""");
        var price = await PostAsync("/admin/v1/prices", $$"""{"provider_id":"{{providerId}}","model":"m","input_per_mtok":1,"output_per_mtok":2}""");
        var quota = await PostAsync("/admin/v1/quotas", $$"""{"subject_kind":"team","subject_id":"{{team.Id}}","metric":"requests","window":"day","limit":10}""");
        var key = await PostAsync("/admin/v1/keys", $$"""{"name":"k","bindings":[{"scope":"environment:{{environment.Id}}","is_admin":false}]}""");
        var keyId = key.Body["key"]!["id"]!.ToString();
        var rotated = await PostAsync($"/admin/v1/keys/{keyId}/rotate", "");

        Assert.Multiple(() =>
        {
            AssertCreatedAt(org, $"/admin/v1/organizations/{org.Id}");
            AssertCreatedAt(team, $"/admin/v1/teams/{team.Id}");
            AssertCreatedAt(environment, $"/admin/v1/environments/{environment.Id}");
            AssertCreatedAt(provider, $"/admin/v1/providers/{providerId}");
            AssertCreatedAt(model, $"/admin/v1/providers/{providerId}/models/meta-llama%2FLlama-3");
            AssertCreatedAt(alias, $"/admin/v1/aliases/{alias.Id}");
            AssertCreatedAt(policy, $"/admin/v1/routing-policies/{policy.Id}");
            AssertCreatedAt(price, $"/admin/v1/prices/{price.Id}");
            AssertCreatedAt(quota, $"/admin/v1/quotas/{quota.Id}");
            AssertCreatedAt(key, $"/admin/v1/keys/{keyId}");
            AssertCreatedAt(rotated, $"/admin/v1/keys/{rotated.Body["key"]!["id"]}");
        });
    }

    [Test]
    public async Task Answers_each_delete_with_the_resource_id_and_audits_it_under_that_id()
    {
        var (org, team, environment, provider, alias, policy, quota) = await CreateOneOfEachAsync(Unique("deleted"), "org/m");
        var price = (await CreateAsync("/admin/v1/prices", $$"""{"provider_id":"{{provider}}","model":"m","input_per_mtok":1,"output_per_mtok":2}"""))["id"]!.ToString();
        var (_, key) = await CreateKeyAsync($"environment:{environment}", isAdmin: false);

        (string Path, string Object, string Id, string AuditId)[] deletes =
        [
            ($"/admin/v1/quotas/{quota}", "quota", quota, quota),
            ($"/admin/v1/prices/{price}", "price", price, price),
            ($"/admin/v1/routing-policies/{policy}", "routing_policy", policy, policy),
            ($"/admin/v1/aliases/{alias}", "model_alias", alias, alias),
            ($"/admin/v1/providers/{provider}/models/org/m", "provider_model", $"{provider}/org/m", provider),
            ($"/admin/v1/providers/{provider}", "provider", provider, provider),
            ($"/admin/v1/keys/{key}", "api_key", key, key),
            ($"/admin/v1/environments/{environment}", "environment", environment, environment),
            ($"/admin/v1/teams/{team}", "team", team, team),
            ($"/admin/v1/organizations/{org}", "organization", org, org),
        ];
        foreach (var (path, entity, id, auditId) in deletes)
        {
            var start = await LastAuditIdAsync();
            var deleted = await DeleteAsync(path);
            Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.OK), $"DELETE {path}: {deleted}");
            Assert.That(deleted.Body["id"]!.GetValue<string>(), Is.EqualTo(id), path);
            Assert.That(deleted.Body["object"]!.GetValue<string>(), Is.EqualTo($"{entity}.deleted"), path);
            Assert.That(deleted.Body["deleted"]!.GetValue<bool>(), Is.True, path);
            Assert.That(await AuditedSinceAsync(start), Is.EqualTo($"{entity} delete {auditId}"), path);
        }
    }

    [Test]
    public async Task Audits_each_update_under_the_resource_id()
    {
        var (org, team, environment, provider, alias, policy, quota) = await CreateOneOfEachAsync(Unique("updated"), "org/m");

        (string Path, string Body, string Entity, string AuditId)[] updates =
        [
            ($"/admin/v1/organizations/{org}", $$"""{"name":"{{Unique("org")}}"}""", "organization", org),
            ($"/admin/v1/teams/{team}", """{"name":"t2"}""", "team", team),
            ($"/admin/v1/environments/{environment}", """{"name":"e2","store_bodies":true}""", "environment", environment),
            ($"/admin/v1/providers/{provider}", $$"""{"kind":"openai","base_url":"http://127.0.0.1:9/v2","scope":"org:{{org}}"}""", "provider", provider),
            ($"/admin/v1/providers/{provider}/models/org/m", """{"context_window":1000}""", "provider_model", provider),
            ($"/admin/v1/aliases/{alias}", $$"""{"scope":"org:{{org}}","name":"a2","targets":[{"provider":"{{provider}}","model":"m"}]}""", "model_alias", alias),
            ($"/admin/v1/routing-policies/{policy}", $$"""{"scope":"org:{{org}}","name":"p2","type":"latency"}""", "routing_policy", policy),
            ($"/admin/v1/quotas/{quota}", """{"limit":20}""", "quota", quota),
        ];
        foreach (var (path, body, entity, auditId) in updates)
        {
            var start = await LastAuditIdAsync();
            var updated = await PutAsync(path, body);
            Assert.That(updated.Status, Is.EqualTo(HttpStatusCode.OK), $"PUT {path}: {updated}");
            Assert.That(await AuditedSinceAsync(start), Is.EqualTo($"{entity} update {auditId}"), path);
        }
    }

    /// <summary>The audit entries after <paramref name="start"/> as "entity action entity_id" (one expected).</summary>
    private Task<string?> AuditedSinceAsync(long start) =>
        Database.ScalarAsync<string>($"select entity || ' ' || action || ' ' || entity_id from audit_log where id > {start}");

    private static void AssertCreatedAt(AdminResponse response, string path)
    {
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Created), response.ToString());
        Assert.That(response.Location?.OriginalString, Is.EqualTo(path), response.ToString());
    }
}
