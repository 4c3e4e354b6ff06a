namespace Gateway.Tests.Admin;

/// <summary>Quotas: CRUD per subject, one per subject, metric and window, subjects that must exist.</summary>
[TestFixture]
public sealed class QuotaAdminTests : AdminTest
{
    [Test]
    public async Task Creates_reads_lists_changes_and_deletes_a_quota()
    {
        var environment = await CreateEnvironmentAsync(await CreateTeamAsync(await CreateOrganizationAsync()));
        var body = $$"""{"subject_kind":"environment","subject_id":"{{environment}}","metric":"tokens","window":"day","limit":1000000}""";
        var created = await CreateAsync("/admin/v1/quotas", body);
        Assert.That(created["object"]!.GetValue<string>(), Is.EqualTo("quota"));
        Assert.That(created["metric"]!.GetValue<string>(), Is.EqualTo("tokens"));
        Assert.That(created["window"]!.GetValue<string>(), Is.EqualTo("day"));
        var id = created["id"]!.ToString();

        AssertError(await PostAsync("/admin/v1/quotas", body), HttpStatusCode.Conflict, "window");
        Assert.That((await GetAsync($"/admin/v1/quotas/{id}")).Body["limit"]!.GetValue<decimal>(), Is.EqualTo(1_000_000m));
        Assert.That((await GetAsync($"/admin/v1/quotas?subject_kind=environment&subject_id={environment}")).Body["data"]!.AsArray(), Has.Count.EqualTo(1));
        var changed = await PutAsync($"/admin/v1/quotas/{id}", """{"limit":5}""");
        Assert.That(changed.Body["limit"]!.GetValue<decimal>(), Is.EqualTo(5m), changed.ToString());
        Assert.That((await DeleteAsync($"/admin/v1/quotas/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync($"/admin/v1/quotas/{id}"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Sets_a_quota_on_a_key()
    {
        var org = await CreateOrganizationAsync();
        var (_, key) = await CreateKeyAsync($"org:{org}", isAdmin: false);
        var created = await CreateAsync("/admin/v1/quotas", $$"""{"subject_kind":"key","subject_id":"{{key}}","metric":"cost","window":"month","limit":12.5}""");
        Assert.That(created["limit"]!.GetValue<decimal>(), Is.EqualTo(12.5m));
    }

    [TestCase("team")]
    [TestCase("key")]
    [TestCase("org")]
    public async Task Answers_404_for_a_subject_that_does_not_exist(string kind) =>
        AssertError(await PostAsync("/admin/v1/quotas", $$"""{"subject_kind":"{{kind}}","subject_id":"{{Guid.NewGuid()}}","metric":"requests","window":"minute","limit":1}"""),
            HttpStatusCode.NotFound, "subject_id");

    [TestCase("""{"subject_kind":"user","subject_id":"00000000-0000-0000-0000-000000000000","metric":"requests","window":"minute","limit":1}""", "subject_kind")]
    [TestCase("""{"subject_kind":"team","subject_id":"nope","metric":"requests","window":"minute","limit":1}""", "subject_id")]
    [TestCase("""{"subject_kind":"team","subject_id":"00000000-0000-0000-0000-000000000000","metric":"bytes","window":"minute","limit":1}""", "metric")]
    [TestCase("""{"subject_kind":"team","subject_id":"00000000-0000-0000-0000-000000000000","metric":"requests","window":"week","limit":1}""", "window")]
    [TestCase("""{"subject_kind":"team","subject_id":"00000000-0000-0000-0000-000000000000","metric":"requests","window":"minute"}""", "limit")]
    [TestCase("""{"subject_kind":"team","subject_id":"00000000-0000-0000-0000-000000000000","metric":"requests","window":"minute","limit":-1}""", "limit")]
    public async Task Names_the_field_of_an_invalid_quota(string body, string param) =>
        AssertError(await PostAsync("/admin/v1/quotas", body), HttpStatusCode.BadRequest, param);
}
