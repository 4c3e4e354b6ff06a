namespace Gateway.Tests.Admin;

/// <summary>Organizations: create, get, list, rename, delete; names validated; duplicates 409.</summary>
[TestFixture]
public sealed class OrganizationAdminTests : AdminTest
{
    [Test]
    public async Task Creates_reads_renames_and_deletes_an_organization()
    {
        var name = Unique("acme");
        var created = await CreateAsync("/admin/v1/organizations", $$"""{"name":"{{name}}"}""");
        Assert.That(created["object"]!.GetValue<string>(), Is.EqualTo("organization"));
        Assert.That(created["name"]!.GetValue<string>(), Is.EqualTo(name));
        var id = created["id"]!.ToString();

        var read = await GetAsync($"/admin/v1/organizations/{id}");
        Assert.That(read.Status, Is.EqualTo(HttpStatusCode.OK), read.ToString());
        Assert.That(read.Body["name"]!.GetValue<string>(), Is.EqualTo(name));

        var renamed = await PutAsync($"/admin/v1/organizations/{id}", """{"name":"  renamed-org  "}""");
        Assert.That(renamed.Status, Is.EqualTo(HttpStatusCode.OK), renamed.ToString());
        Assert.That(renamed.Body["name"]!.GetValue<string>(), Is.EqualTo("renamed-org"), "names are trimmed");

        var deleted = await DeleteAsync($"/admin/v1/organizations/{id}");
        Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.OK), deleted.ToString());
        Assert.That(deleted.Body["deleted"]!.GetValue<bool>(), Is.True);
        Assert.That(deleted.Body["object"]!.GetValue<string>(), Is.EqualTo("organization.deleted"));
        AssertError(await GetAsync($"/admin/v1/organizations/{id}"), HttpStatusCode.NotFound);
        AssertError(await DeleteAsync($"/admin/v1/organizations/{id}"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Lists_organizations_in_pages()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateOrganizationAsync();
        }
        var first = await GetAsync("/admin/v1/organizations?limit=2");
        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK), first.ToString());
        Assert.That(first.Body["object"]!.GetValue<string>(), Is.EqualTo("list"));
        Assert.That(first.Body["data"]!.AsArray(), Has.Count.EqualTo(2));
        var cursor = first.Body["next_cursor"]!.GetValue<string>();
        var second = await GetAsync($"/admin/v1/organizations?limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.That(second.Body["data"]!.AsArray(), Is.Not.Empty);
        var firstIds = first.Body["data"]!.AsArray().Select(o => o!["id"]!.ToString());
        Assert.That(second.Body["data"]!.AsArray().Select(o => o!["id"]!.ToString()), Is.Not.SubsetOf(firstIds));
    }

    [Test]
    public async Task Refuses_a_duplicate_name_with_409()
    {
        var name = Unique("dup");
        await CreateOrganizationAsync(name);
        AssertError(await PostAsync("/admin/v1/organizations", $$"""{"name":"{{name}}"}"""), HttpStatusCode.Conflict, "name");
    }

    [TestCase("""{}""", "name")]
    [TestCase("""{"name":null}""", "name")]
    [TestCase("""{"name":"   "}""", "name")]
    [TestCase("""{"name":42}""", "name")]
    [TestCase("""{"name":"a\u0000b"}""", "name")]
    [TestCase("""{"name":"ok","nmae":"typo"}""", "nmae")]
    public async Task Names_the_field_of_an_invalid_body(string body, string param) =>
        AssertError(await PostAsync("/admin/v1/organizations", body), HttpStatusCode.BadRequest, param);
}
