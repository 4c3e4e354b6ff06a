using Microsoft.Playwright;

namespace Gateway.Tests.Dashboard;

/// <summary>
/// Debian's Chromium driven by Playwright, one per fixture. Playwright never downloads a browser here: it launches
/// <c>/usr/bin/chromium</c> (installed by <c>.ci/run</c> and <c>scripts/test.sh</c>), headless, with the flags that keep
/// it off the network, and a fresh temporary profile per launch.
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<DashboardBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"{ChromiumPath} is missing: install Debian's chromium package (apt-get install -y chromium; .ci/run and scripts/test.sh do).");
        }
        // The machine is shared and slow at times: give pages time rather than flake.
        Assertions.SetDefaultExpectTimeout(20_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Flags,
        });
        return new DashboardBrowser(playwright, browser);
    }

    /// <summary>A new page in a new context (its own cookies), laptop-sized, that accepts confirm() dialogs.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, string? colorScheme = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            ColorScheme = colorScheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
