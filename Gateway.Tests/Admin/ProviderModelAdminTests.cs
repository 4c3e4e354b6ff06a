namespace Gateway.Tests.Admin;

/// <summary>Provider models: CRUD under a provider, names with slashes, and field validation.</summary>
[TestFixture]
public sealed class ProviderModelAdminTests : AdminTest
{
    private string _provider = null!;

    [OneTimeSetUp]
    public async Task CreateProviderAsync()
    {
        _provider = Unique("models");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{_provider}}","kind":"openai","base_url":"http://127.0.0.1:9/v1","scope":"global"}""");
    }

    [Test]
    public async Task Creates_reads_lists_replaces_and_deletes_a_model_whose_name_has_a_slash()
    {
        const string Model = "meta-llama/Llama-3.3-70B";
        var created = await CreateAsync($"/admin/v1/providers/{_provider}/models",
            $$$"""{"model":"{{{Model}}}","capabilities":["tools","json_schema"],"context_window":131072,"max_output_tokens":8192,"parameter_mapping":{"max_tokens":{"rename":"max_completion_tokens"} } }""");
        Assert.That(created["object"]!.GetValue<string>(), Is.EqualTo("provider_model"));
        Assert.That(created["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "tools", "json_schema" }));

        var path = $"/admin/v1/providers/{_provider}/models/{Model}";
        Assert.That((await GetAsync(path)).Body["context_window"]!.GetValue<int>(), Is.EqualTo(131072));
        Assert.That((await GetAsync($"/admin/v1/providers/{_provider}/models")).Body["data"]!.AsArray().Select(m => m!["model"]!.GetValue<string>()), Does.Contain(Model));
        var replaced = await PutAsync(path, """{"capabilities":["vision"],"enabled":false}""");
        Assert.That(replaced.Status, Is.EqualTo(HttpStatusCode.OK), replaced.ToString());
        Assert.That(replaced.Body["enabled"]!.GetValue<bool>(), Is.False);
        Assert.That(replaced.Body["context_window"], Is.Null, "a replace sets every field");
        AssertError(await PutAsync(path, """{"model":"other"}"""), HttpStatusCode.BadRequest, "model");
        AssertError(await PostAsync($"/admin/v1/providers/{_provider}/models", $$"""{"model":"{{Model}}"}"""), HttpStatusCode.Conflict, "model");

        Assert.That((await DeleteAsync(path)).Status, Is.EqualTo(HttpStatusCode.OK));
        AssertError(await GetAsync(path), HttpStatusCode.NotFound);
        AssertError(await GetAsync($"/admin/v1/providers/{Unique("none")}/models"), HttpStatusCode.NotFound);
    }

    [TestCase("""{}""", "model")]
    [TestCase("""{"model":"m","capabilities":["Tools"]}""", "capabilities[0]")]
    [TestCase("""{"model":"m","capabilities":["tools",null]}""", "capabilities[1]")]
    [TestCase("""{"model":"m","context_window":0}""", "context_window")]
    [TestCase("""{"model":"m","context_window":100,"max_output_tokens":200}""", "max_output_tokens")]
    [TestCase("""{"model":"m","context_window":99999999999}""", "context_window")]
    [TestCase("""{"model":"m","parameter_mapping":"x"}""", "parameter_mapping")]
    [TestCase("""{"model":"m","parameter_mapping":{"max_tokens":"max_completion_tokens"}}""", "parameter_mapping.max_tokens")]
    [TestCase("""{"model":"m","parameter_mapping":{"temperature":{"min":1,"max":0}}}""", "parameter_mapping.temperature.min")]
    [TestCase("""{"model":"m","parameter_mapping":{"temperature":{"clamp":1}}}""", "parameter_mapping.temperature.clamp")]
    [TestCase("""{"model":"m","parameter_mapping":{"user":{"drop":true,"default":"x"}}}""", "parameter_mapping.user.drop")]
    [TestCase("""{"model":"m","parameter_mapping":{"a":{"rename":"b.c"}}}""", "parameter_mapping.a.rename")]
    public async Task Names_the_field_of_an_invalid_model(string body, string param) =>
        AssertError(await PostAsync($"/admin/v1/providers/{_provider}/models", body), HttpStatusCode.BadRequest, param);
}
