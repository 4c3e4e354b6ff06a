namespace Gateway.Tests.Admin;

/// <summary>Routing policies: CRUD per scope with priority, type, rules and active flag; field validation.</summary>
[TestFixture]
public sealed class RoutingPolicyAdminTests : AdminTest
{
    [Test]
    public async Task Creates_reads_lists_replaces_and_deletes_a_policy()
    {
        var team = await CreateTeamAsync(await CreateOrganizationAsync());
        var created = await CreateAsync("/admin/v1/routing-policies",
            $$$"""{"scope":"team:{{{team}}}","name":"cheap first","type":"cost","priority":10,"rules":{"models":["gpt-*"],"parameters":{"default_output_tokens":500} } }""");
        Assert.That(created["object"]!.GetValue<string>(), Is.EqualTo("routing_policy"));
        Assert.That(created["active"]!.GetValue<bool>(), Is.True);
        Assert.That(created["rules"]!["parameters"]!["default_output_tokens"]!.GetValue<int>(), Is.EqualTo(500));
        var id = created["id"]!.ToString();

        Assert.That((await GetAsync($"/admin/v1/routing-policies/{id}")).Body["priority"]!.GetValue<int>(), Is.EqualTo(10));
        Assert.That((await GetAsync($"/admin/v1/routing-policies?scope=team:{team}")).Body["data"]!.AsArray(), Has.Count.EqualTo(1));
        var replaced = await PutAsync($"/admin/v1/routing-policies/{id}", $$"""{"scope":"team:{{team}}","name":"fast","type":"latency","active":false}""");
        Assert.That(replaced.Body["type"]!.GetValue<string>(), Is.EqualTo("latency"), replaced.ToString());
        Assert.That(replaced.Body["active"]!.GetValue<bool>(), Is.False);
        Assert.That(replaced.Body["priority"]!.GetValue<int>(), Is.Zero);
        Assert.That((await DeleteAsync($"/admin/v1/routing-policies/{id}")).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync($"/admin/v1/routing-policies/{id}"), HttpStatusCode.NotFound);
        AssertError(await PutAsync($"/admin/v1/routing-policies/{id}", """{"scope":"global","name":"x","type":"cost"}"""), HttpStatusCode.NotFound);
    }

    [TestCase("""{"scope":"global","type":"cost"}""", "name")]
    [TestCase("""{"scope":"global","name":"x","type":"fastest"}""", "type")]
    [TestCase("""{"scope":"global","name":"x","type":"cost","priority":2000000}""", "priority")]
    [TestCase("""{"scope":"global","name":"x","type":"cost","priority":1.5}""", "priority")]
    [TestCase("""{"scope":"global","name":"x","type":"cost","rules":[]}""", "rules")]
    [TestCase("""{"scope":"global","name":"x","type":"cost","rules":{"a":{"b":["\u0000"]}}}""", "rules.a.b[0]")]
    [TestCase("""{"scope":"global","name":"x","type":"cost","rules":{"a":"\ud800"}}""", "rules.a")]
    [TestCase("""{"scope":"global","name":"x","type":"cost","rules":{"max_cost_per_mtok":2.5}}""", "rules.max_cost_per_mtok")]
    [TestCase("""{"scope":"global","name":"x","type":"deterministic","rules":{}}""", "rules.rules")]
    [TestCase("""{"scope":"global","name":"x","type":"deterministic","rules":{"rules":[{"when":{"tools":"yes"},"targets":["m"]}]}}""", "rules.rules[0].when.tools")]
    public async Task Names_the_field_of_an_invalid_policy(string body, string param) =>
        AssertError(await PostAsync("/admin/v1/routing-policies", body), HttpStatusCode.BadRequest, param);
}
