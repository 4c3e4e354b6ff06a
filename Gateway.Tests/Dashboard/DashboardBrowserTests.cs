using System.ClientModel;
using Gateway.Tests.Admin;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium through Playwright) against the real gateway and PostgreSQL, with
/// WireMock as the provider and the OpenAI SDK as the client. One browser for the fixture; each test its own context.
/// With <c>GATEWAY_UPDATE_SCREENSHOTS=1</c> these tests also write the README's screenshots.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class DashboardBrowserTests : AdminTest
{
    private readonly FakeProvider _upstream = new();
    private DashboardBrowser _browser = null!;

    protected override string ExtraGatewayConfig => $$"""
        "Providers": { "shared": { "Kind": "openai", "BaseUrl": "{{_upstream.Url}}/v1", "ApiKey": "sk-shared" } },
        "Models": { "shared-chat": { "Targets": [ { "Provider": "shared", "Model": "upstream-model" } ] } },
        """;

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Gateway:Usage:MaxBatchDelaySeconds", "0.05",
        "--Gateway:Dashboard:HealthStreamIntervalSeconds", "0.5",
    ];

    [OneTimeSetUp]
    public async Task LaunchBrowserAsync()
    {
        _upstream.AnswerChats();
        _browser = await DashboardBrowser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task CloseBrowserAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _upstream.Dispose();
    }

    [Test]
    public async Task An_admin_sets_up_a_tenant_sees_its_chat_in_the_log_and_the_chart_and_revokes_its_key()
    {
        var page = await _browser.NewPageAsync(Gateway.BaseAddress);
        await SignInAsync(page, AdminKey);

        // Organization → team → environment (storing bodies), each created in the page.
        await OpenAsync(page, "Organizations");
        await CreateAsync(page, "organization", form => form.GetByLabel("Name", new() { Exact = true }).FillAsync("acme-browser"));
        await Row(page, "acme-browser").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await CreateAsync(page, "team", form => form.GetByLabel("Name", new() { Exact = true }).FillAsync("search"));
        await Row(page, "search").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await CreateAsync(page, "environment", async form =>
        {
            await form.GetByLabel("Name", new() { Exact = true }).FillAsync("prod");
            await form.GetByLabel("Store request and response bodies").CheckAsync();
        });
        await Expect(Row(page, "prod")).ToContainTextAsync("stores bodies");
        await Screenshots.TakeAsync(page, "organizations");

        // A provider: the API's validation error appears beside the field at fault; the credential is write-only.
        await OpenAsync(page, "Providers and models");
        await page.GetByRole(AriaRole.Button, new() { Name = "New provider" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New provider" });
        await form.GetByLabel("Id", new() { Exact = true }).FillAsync("acme-openai");
        await form.GetByLabel("Base URL").FillAsync("not a url");
        await form.GetByLabel("Scope", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "acme-browser" });
        await form.GetByLabel("Credential (API key)").FillAsync("sk-acme-provider-secret");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create provider" }).ClickAsync();
        var baseUrlField = form.Locator(".field", new() { Has = page.GetByLabel("Base URL") });
        await Expect(baseUrlField.Locator(".field-error")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "provider-validation");
        await form.GetByLabel("Base URL").FillAsync($"{_upstream.Url}/v1");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create provider" }).ClickAsync();
        await Expect(Row(page, "acme-openai")).ToContainTextAsync("set");
        await Expect(page.GetByText("sk-acme-provider-secret")).ToHaveCountAsync(0);

        // An alias in the environment, targeting the provider.
        await OpenAsync(page, "Aliases");
        await CreateAsync(page, "alias", async aliasForm =>
        {
            await aliasForm.GetByLabel("Name (what clients send as model)").FillAsync("acme-chat");
            await aliasForm.GetByLabel("Scope", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "acme-browser / search / prod" });
            await aliasForm.GetByLabel("Target 1 provider").FillAsync("acme-openai");
            await aliasForm.GetByLabel("Target 1 model").FillAsync("upstream-model");
        });
        await Expect(Row(page, "acme-chat")).ToContainTextAsync("acme-openai/upstream-model");
        await Screenshots.TakeAsync(page, "aliases");

        // A key bound to the environment: its secret is shown once.
        await OpenAsync(page, "API keys");
        await CreateAsync(page, "key", async keyForm =>
        {
            await keyForm.GetByLabel("Name", new() { Exact = true }).FillAsync("search-prod");
            await keyForm.GetByLabel("Scope", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "acme-browser / search / prod" });
        });
        var secret = await page.GetByTestId("key-secret").TextContentAsync();
        Assert.That(secret, Does.StartWith("gw-"));

        // The OpenAI SDK chats through the new key and alias.
        var client = Gateway.ChatClient("acme-chat", secret);
        await EventuallyAsync(async () =>
        {
            try
            {
                await client.CompleteChatAsync([new UserChatMessage("hi from the browser test")]);
                return true;
            }
            catch (ClientResultException ex) when (ex.Status == 404)
            {
                return false; // the alias reaches routing when the database's notification has been handled
            }
        }, TimeSpan.FromSeconds(20));

        // The request log shows it, with its routing decision and its stored bodies.
        await OpenAsync(page, "Request log");
        // (Tries made before the alias reached routing are in the log too, as 404s: the served one names its provider.)
        var logged = page.GetByTestId("request-log").GetByRole(AriaRole.Row).Filter(new() { HasText = "acme-openai / " });
        await RefreshUntilAsync(page, logged);
        await logged.GetByRole(AriaRole.Button).ClickAsync();
        var detail = page.GetByTestId("request-detail");
        await Expect(detail).ToContainTextAsync("acme-openai");
        await Expect(detail).ToContainTextAsync("success");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Show stored bodies" }).ClickAsync();
        await Expect(page.GetByTestId("request-body")).ToContainTextAsync("hi from the browser test");
        await Screenshots.TakeAsync(page, "request-log");

        // The usage chart and breakdown count it, for the organization chosen in the scope picker.
        await OpenAsync(page, "Usage and cost");
        await page.Locator("#scope-picker").SelectOptionAsync(new SelectOptionValue { Label = "acme-browser" });
        await page.GetByLabel("Provider", new() { Exact = true }).FillAsync("acme-openai");
        await page.GetByLabel("Provider", new() { Exact = true }).PressAsync("Enter");
        await Expect(page.GetByTestId("usage-chart")).ToHaveAttributeAsync("data-total", "1");
        await Expect(page.GetByTestId("usage-chart")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("Requests per hour by model: 1 in total"));
        await Expect(page.GetByTestId("usage-breakdown").GetByRole(AriaRole.Row).Filter(new() { HasText = "acme-chat" })).ToContainTextAsync("1");
        await Screenshots.TakeAsync(page, "usage");

        await OpenAsync(page, "Latency and errors");
        await Expect(page.GetByTestId("latency-table").GetByRole(AriaRole.Row).Filter(new() { HasText = "acme-openai" })).ToContainTextAsync("gpt-4o-mini");
        await Screenshots.TakeAsync(page, "latency");

        await page.Locator("#scope-picker").SelectOptionAsync("");
        await OpenAsync(page, "Live health");
        await Expect(page.GetByRole(AriaRole.Article, new() { Name = "Provider acme-openai" })).ToContainTextAsync("in service");
        await Screenshots.TakeAsync(page, "health");

        // Revoking the key in the page: the next chat is refused.
        await OpenAsync(page, "API keys");
        await Row(page, "search-prod").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await Screenshots.TakeAsync(page, "keys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(Row(page, "search-prod")).ToContainTextAsync("revoked");
        // Revocation reaches the key cache through the database's notification, within moments (not in the same call).
        Assert.That(await StatusAfterRevokingAsync(client), Is.EqualTo(401));

        await page.Context.CloseAsync();
    }

    [Test]
    public async Task A_form_being_filled_in_stays_open_when_the_scope_list_reloads()
    {
        var page = await _browser.NewPageAsync(Gateway.BaseAddress);
        await SignInAsync(page, AdminKey);
        await OpenAsync(page, "Organizations");
        // A create reloads the scope list, which walks every organization's teams: hold that walk until a form is open.
        var teams = new System.Text.RegularExpressions.Regex(@"/admin/v1/organizations/[^/]+/teams\?");
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(teams, async route =>
        {
            held.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await CreateAsync(page, "organization", form => form.GetByLabel("Name", new() { Exact = true }).FillAsync("late-scope"));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await OpenAsync(page, "Providers and models");
        await page.GetByRole(AriaRole.Button, new() { Name = "New provider" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New provider" });
        await form.GetByLabel("Id", new() { Exact = true }).FillAsync("half-typed");
        release.SetResult();
        await page.UnrouteAsync(teams);

        // The reloaded list reaches the open form's scope choices, and what was typed stays.
        await Expect(form.GetByLabel("Scope", new() { Exact = true }).Locator("option", new() { HasText = "late-scope" })).ToHaveCountAsync(1);
        await Expect(form.GetByLabel("Id", new() { Exact = true })).ToHaveValueAsync("half-typed");
        await page.Context.CloseAsync();
    }

    private static async Task<int> StatusAfterRevokingAsync(ChatClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                await client.CompleteChatAsync([new UserChatMessage("after revoking")]);
            }
            catch (ClientResultException ex)
            {
                return ex.Status;
            }
            if (DateTime.UtcNow > deadline)
            {
                return 200;
            }
            await Task.Delay(100);
        }
    }

    [Test]
    public async Task A_scoped_admin_sees_only_its_own_tenant()
    {
        var (orgA, environmentA) = await TenantAsync("tenant-a");
        var (orgB, environmentB) = await TenantAsync("tenant-b");
        var keyA = await CreateKeyAsync($"environment:{environmentA}", isAdmin: false, name: "a-client");
        var keyB = await CreateKeyAsync($"environment:{environmentB}", isAdmin: false, name: "b-client");
        var adminA = await CreateKeyAsync($"org:{orgA}", isAdmin: true, name: "a-admin");
        await Gateway.ChatClient("shared-chat", keyA.Secret).CompleteChatAsync([new UserChatMessage("from a")]);
        await Gateway.ChatClient("shared-chat", keyB.Secret).CompleteChatAsync([new UserChatMessage("from b")]);
        await Gateway.ChatClient("shared-chat", keyB.Secret).CompleteChatAsync([new UserChatMessage("from b again")]);

        var page = await _browser.NewPageAsync(Gateway.BaseAddress, colorScheme: "dark");
        await SignInAsync(page, adminA.Secret);
        await Expect(page.Locator("#scope-picker option")).ToContainTextAsync(["tenant-a", "tenant-a / team", "tenant-a / team / env"]);

        await OpenAsync(page, "Request log");
        var rows = page.GetByTestId("request-log").Locator("tbody tr");
        await RefreshUntilAsync(page, rows);
        await Expect(rows).ToHaveCountAsync(1);
        await rows.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByTestId("request-detail")).ToContainTextAsync(keyA.Id);
        await Screenshots.TakeAsync(page, "scoped-request-log-dark");

        await OpenAsync(page, "API keys");
        await Expect(Row(page, "a-client")).ToBeVisibleAsync();
        await Expect(Row(page, "b-client")).ToHaveCountAsync(0);

        await OpenAsync(page, "Usage and cost");
        await Expect(page.GetByTestId("usage-chart")).ToHaveAttributeAsync("data-total", "1");
        // Each theme colour is a light-dark() pair: the page, the chart's canvas colours (its legend shows them) and the
        // theme picker all resolve it for the scheme in force.
        const string background = "getComputedStyle(document.body).backgroundColor";
        var marker = page.GetByTestId("usage-chart").Locator(".u-legend .u-marker").Nth(1);
        var darkBackground = await page.EvaluateAsync<string>(background);
        var darkSeries = await marker.EvaluateAsync<string>("m => getComputedStyle(m).borderTopColor");
        Assert.Multiple(() =>
        {
            Assert.That(darkBackground, Is.EqualTo("rgb(18, 21, 27)"), "dark --bg");
            Assert.That(darkSeries, Is.EqualTo("rgb(122, 162, 255)"), "dark --chart-1");
        });
        await page.GetByLabel("Theme").SelectOptionAsync("light");
        Assert.That(await page.EvaluateAsync<string>(background), Is.EqualTo("rgb(246, 247, 249)"), "light --bg under a dark system");
        await page.GetByLabel("Theme").SelectOptionAsync("system");

        await OpenAsync(page, "Organizations");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Teams of tenant-a" })).ToBeVisibleAsync();
        await Expect(page.GetByText("tenant-b")).ToHaveCountAsync(0);

        // The page only asks the API, which refuses another tenant's rows outright.
        var other = await GetAsync($"/admin/v1/requests?scope=org:{orgB}", adminA.Secret);
        Assert.That(other.Status, Is.EqualTo(HttpStatusCode.Forbidden), other.ToString());
        await page.Context.CloseAsync();
    }

    private async Task<(string Org, string Environment)> TenantAsync(string name)
    {
        var org = await CreateOrganizationAsync(name);
        var team = await CreateTeamAsync(org, "team");
        return (org, await CreateEnvironmentAsync(team, "env"));
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/dashboard/");
        await page.GetByLabel("Admin key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Usage and cost", Level = 1 })).ToBeVisibleAsync();
    }

    private static async Task OpenAsync(IPage page, string link)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
        await Expect(page.Locator("#page-title")).ToBeVisibleAsync();
    }

    /// <summary>Opens the "New …" form, fills it, submits it and waits for it to close (the API accepted it).</summary>
    private static async Task CreateAsync(IPage page, string noun, Func<ILocator, Task> fill)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"New {noun}", Exact = true }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = $"New {noun}" });
        await fill(form);
        await form.GetByRole(AriaRole.Button, new() { Name = $"Create {noun}" }).ClickAsync();
        await Expect(form).ToHaveCountAsync(0);
    }

    /// <summary>The table row with a cell reading <paramref name="text"/> (not the rows that hold a nested table with it).</summary>
    private static ILocator Row(IPage page, string text) =>
        page.Locator("tr:not(.detail-row)").Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = text, Exact = true }) });

    /// <summary>Usage records are written in batches: refreshes the log until <paramref name="rows"/> appear.</summary>
    private static async Task RefreshUntilAsync(IPage page, ILocator rows)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await rows.CountAsync() == 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the request did not reach the request log");
            await page.WaitForTimeoutAsync(250);
            await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        }
    }
}
