using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;

namespace Web.Tests;

// What every test does with every page it reaches: a screenshot kept as an artefact
// (.local/test-results/web/<test>/NN-step.png), an axe-core scan that fails on any serious or critical violation
// (WCAG 2.1 A and AA rules), and no Content-Security-Policy violation in the console.
public sealed class PageChecks(WebPlatform web, string test) : IAsyncDisposable
{
    private int _step;
    private readonly List<string> _cspViolations = [];
    private readonly List<IPage> _pages = [];
    private readonly List<IBrowserContext> _contexts = [];

    public string Folder { get; } = Path.Combine(web.Artefacts, test);

    // A page in a browser context of its own (a person of their own: cookies are not shared), whose console reports
    // to this test (CSP violations are errors there). Closed by DisposeAsync, after any failure screenshot.
    public async Task<IPage> NewPageAsync()
    {
        Directory.CreateDirectory(Folder);
        var context = await web.NewContextAsync();
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        _pages.Add(page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) _cspViolations.Add(message.Text[..Math.Min(300, message.Text.Length)]);
        };
        return page;
    }

    // What each page showed when a test failed: failure-N.png.
    public async Task ScreenshotOpenPagesAsync()
    {
        for (var i = 0; i < _pages.Count; i++)
            if (!_pages[i].IsClosed)
                await _pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"failure-{i}.png"), FullPage = true });
    }

    public async Task CheckAsync(IPage page, string step)
    {
        _step++;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{_step:00}-{step}.png"), FullPage = true });
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{step} ({page.Url}): " + string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
        Assert.True(_cspViolations.Count == 0, $"{step}: Content-Security-Policy violations: {string.Join("\n", _cspViolations)}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.DisposeAsync();
    }
}
