using System.ClientModel;

namespace Gateway.Tests.Admin;

/// <summary>
/// The "done when": through the admin API alone, create an organization, team, environment, a provider with
/// its key (a WireMock provider), an alias and a gateway key; the official OpenAI SDK then chats through that alias
/// with the new key. No restart at any step.
/// </summary>
[TestFixture]
public sealed class AdminEndToEndTests : AdminTest
{
    private const string ProviderCredential = "sk-provider-from-the-admin-api";

    private FakeProvider _upstream = null!;

    [OneTimeSetUp]
    public void StartUpstream() => _upstream = FakeProvider.AnsweringChats();

    [OneTimeTearDown]
    public void StopUpstream() => _upstream.Dispose();

    [Test]
    public async Task A_tenant_set_up_through_the_admin_api_chats_through_the_sdk_without_a_restart()
    {
        var org = (await CreateAsync("/admin/v1/organizations", """{"name":"acme-e2e"}"""))["id"]!.ToString();
        var team = (await CreateAsync($"/admin/v1/organizations/{org}/teams", """{"name":"search"}"""))["id"]!.ToString();
        var environment = (await CreateAsync($"/admin/v1/teams/{team}/environments", """{"name":"prod"}"""))["id"]!.ToString();
        await CreateAsync("/admin/v1/providers",
            $$"""{"id":"acme-openai","kind":"openai","base_url":"{{_upstream.Url}}/v1","scope":"org:{{org}}","credential":"{{ProviderCredential}}"}""");
        await CreateAsync("/admin/v1/aliases",
            $$"""{"scope":"environment:{{environment}}","name":"acme-chat","targets":[{"provider":"acme-openai","model":"upstream-model"}]}""");
        var key = (await CreateAsync("/admin/v1/keys", $$"""{"name":"search-prod","bindings":[{"scope":"environment:{{environment}}"}]}"""))["secret"]!.GetValue<string>();

        var client = Gateway.ChatClient("acme-chat", key);
        ChatCompletion? completion = null;
        await EventuallyAsync(async () =>
        {
            try
            {
                completion = await client.CompleteChatAsync([new UserChatMessage("hi")]);
                return true;
            }
            catch (ClientResultException ex) when (ex.Status == 404)
            {
                // The alias reaches routing when the database's notification has been handled: moments, not a restart.
                return false;
            }
        }, TimeSpan.FromSeconds(10));

        Assert.That(completion!.Content[0].Text, Is.EqualTo("Hello! How can I assist you today?"));
        Assert.That(_upstream.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("upstream-model"));
        Assert.That(_upstream.LastHeaders()["Authorization"].ToString(), Is.EqualTo($"Bearer {ProviderCredential}"),
            "the credential given to the admin API was stored encrypted and used for the call");
    }
}
