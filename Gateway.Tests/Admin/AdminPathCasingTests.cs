namespace Gateway.Tests.Admin;

/// <summary>
/// Routing matches the admin API's paths without regard to case, so authentication must too: an upper-case path is
/// the same endpoint and needs the same admin key (401 without one, 403 for a client key), never a way around it.
/// </summary>
[TestFixture]
public sealed class AdminPathCasingTests : AdminTest
{
    [TestCase("/ADMIN/v1/organizations")]
    [TestCase("/ADMIN/V1/KEYS")]
    [TestCase("/Admin/v1/me")]
    [TestCase("/admin/V1/providers")]
    public async Task Answers_401_without_a_key_in_any_casing(string path)
    {
        var response = await GetAsync(path, key: null);

        AssertError(response, HttpStatusCode.Unauthorized);
        Assert.That(response.ErrorCode, Is.EqualTo("missing_api_key"));
    }

    [TestCase("/ADMIN/v1/organizations")]
    [TestCase("/Admin/V1/Keys")]
    public async Task Answers_403_for_a_client_key_in_any_casing(string path)
    {
        AssertError(await GetAsync(path, key: GatewayHost.ClientKey), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Creates_nothing_through_an_upper_case_path_without_a_key()
    {
        var name = Unique("casing-org");

        AssertError(await PostAsync("/ADMIN/V1/ORGANIZATIONS", $$"""{"name":"{{name}}"}""", key: null), HttpStatusCode.Unauthorized);

        var listed = await GetAsync("/admin/v1/organizations?limit=200");
        Assert.That(listed.Text, Does.Not.Contain(name));
    }

    [Test]
    public async Task Serves_an_upper_case_path_to_the_admin_key_and_keeps_the_public_document_public()
    {
        Assert.That((await GetAsync("/ADMIN/V1/ME")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await GetAsync("/ADMIN/V1/OPENAPI.JSON", key: null)).Status, Is.EqualTo(HttpStatusCode.OK));
    }
}
