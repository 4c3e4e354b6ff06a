namespace Gateway.Tests.Admin;

/// <summary>Every list pages with ?limit=&amp;cursor= and answers {"object":"list","data":[...],"next_cursor":...}; pages neither skip nor repeat.</summary>
[TestFixture]
public sealed class AdminPaginationTests : AdminTest
{
    [Test]
    public async Task Walks_every_list_across_pages()
    {
        var org = await CreateOrganizationAsync();
        var team = await CreateTeamAsync(org);
        var provider = Unique("paged");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{provider}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"org:{{org}}"}""");
        for (var i = 0; i < 5; i++)
        {
            await CreateTeamAsync(org);
            await CreateEnvironmentAsync(team);
            await CreateAsync($"/admin/v1/providers", $$"""{"id":"{{provider}}-{{i}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"team:{{team}}"}""");
            await CreateAsync($"/admin/v1/providers/{provider}/models", $$"""{"model":"vendor/model-{{i}}"}""");
            await CreateAsync("/admin/v1/aliases", $$"""{"scope":"team:{{team}}","name":"alias-{{i}}","targets":[{"provider":"{{provider}}-{{i}}","model":"m"}]}""");
            await CreateAsync("/admin/v1/routing-policies", $$"""{"scope":"team:{{team}}","name":"p{{i}}","type":"cost"}""");
            await CreateAsync("/admin/v1/prices", $$"""{"provider_id":"{{provider}}","model":"m{{i}}","input_per_mtok":1,"output_per_mtok":1}""");
            await CreateKeyAsync($"team:{team}", isAdmin: false);
        }
        foreach (var window in (string[])["minute", "day", "month"])
        {
            await CreateAsync("/admin/v1/quotas", $$"""{"subject_kind":"team","subject_id":"{{team}}","metric":"requests","window":"{{window}}","limit":1}""");
            await CreateAsync("/admin/v1/quotas", $$"""{"subject_kind":"team","subject_id":"{{team}}","metric":"tokens","window":"{{window}}","limit":1}""");
        }

        await AssertPagesAsync($"/admin/v1/organizations/{org}/teams", 6, "id");
        await AssertPagesAsync($"/admin/v1/teams/{team}/environments", 5, "id");
        await AssertPagesAsync($"/admin/v1/providers?scope=team:{team}", 5, "id");
        await AssertPagesAsync($"/admin/v1/providers/{provider}/models", 5, "model");
        await AssertPagesAsync($"/admin/v1/aliases?scope=team:{team}", 5, "id");
        await AssertPagesAsync($"/admin/v1/routing-policies?scope=team:{team}", 5, "id");
        await AssertPagesAsync($"/admin/v1/prices?provider_id={provider}", 5, "id");
        await AssertPagesAsync($"/admin/v1/quotas?subject_kind=team&subject_id={team}", 6, "id");
        await AssertPagesAsync($"/admin/v1/keys?scope=team:{team}", 5, "id");
        await AssertPagesAsync($"/admin/v1/audit-log?entity=team", 6, "id");
        var organizations = await ReadAllAsync("/admin/v1/organizations", 2, "id");
        Assert.That(organizations, Does.Contain(org));
    }

    private async Task AssertPagesAsync(string path, int expected, string key)
    {
        var all = await ReadAllAsync(path, 2, key);
        Assert.That(all, Has.Count.EqualTo(expected), path);
        Assert.That(all, Is.Unique, path);
        var single = (await GetAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "limit=1000")).Body;
        Assert.That(single["data"]!.AsArray().Select(item => item![key]!.ToString()), Is.EqualTo(all), $"{path}: pages add up to the whole list, in order");
        Assert.That(single["next_cursor"], Is.Null);
    }

    private async Task<List<string>> ReadAllAsync(string path, int limit, string key)
    {
        var items = new List<string>();
        string? cursor = null;
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        for (var pages = 0; pages < 100; pages++)
        {
            var url = $"{path}{separator}limit={limit}" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            var response = await GetAsync(url);
            Assert.That(response.Body["object"]!.GetValue<string>(), Is.EqualTo("list"), response.ToString());
            var data = response.Body["data"]!.AsArray();
            Assert.That(data, Has.Count.LessThanOrEqualTo(limit));
            items.AddRange(data.Select(item => item![key]!.ToString()));
            cursor = response.Body["next_cursor"]?.GetValue<string>();
            if (cursor is null)
            {
                return items;
            }
        }
        Assert.Fail($"{path}: more than 100 pages");
        return items;
    }
}
