using Microsoft.Playwright;

namespace Gateway.Tests.Dashboard;

/// <summary>
/// The README's screenshots, taken by the browser tests at the pages they reach. Written to <c>docs/screenshots/</c> only
/// when <c>GATEWAY_UPDATE_SCREENSHOTS=1</c>, so ordinary runs leave the work tree as it was.
/// </summary>
internal static class Screenshots
{
    public const string Variable = "GATEWAY_UPDATE_SCREENSHOTS";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    public static async Task TakeAsync(IPage page, string name)
    {
        if (!Enabled)
        {
            return;
        }
        // Let charts and live panels settle before the picture.
        await page.WaitForTimeoutAsync(600);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder(), name + ".png"), FullPage = false });
    }

    private static string Folder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
        {
            directory = directory.Parent;
        }
        var folder = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Gateway.sln not found above the test binaries."), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
