using System.Net;
using System.Text;
using EscalationRisk.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace EscalationRisk.Api.Tests;

/// <summary>
/// The dashboard in Debian's headless Chromium, driven by Selenium through Debian's chromedriver (both installed by
/// the test command): articles posted through the API appear as a firing alert whose evidence is highlighted in the
/// original text, Arabic right to left; a silence added through the page's form shows in its table. The screenshot is
/// kept in <c>artifacts/dashboard.png</c>.
/// </summary>
public sealed class DashboardBrowserTests
{
    private const string Arabic = "شنّت طائرات حربية إسرائيلية غارات على مواقع لحزب الله في جنوب لبنان، ما أسفر عن مقتل ثلاثة عناصر، ودعت مصر إلى ضبط النفس.";

    [Fact]
    public async Task The_dashboard_shows_a_firing_alert_with_its_evidence_highlighted_in_the_original_text()
    {
        await using var api = await ApiProcess.StartAsync();
        using var driver = StartChromium();
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(45));

        // The page redraws its lists as it polls: an element found a moment ago may be gone; look again.
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        driver.Navigate().GoToUrl(api.Address);
        wait.Until(d => d.FindElement(By.Id("status")).Text.StartsWith("updated", StringComparison.Ordinal));

        var token = driver.FindElement(By.Id("token"));
        token.SendKeys(ApiProcess.Token);
        token.SendKeys(Keys.Tab);

        // Articles posted through the API: an Arabic report of air strikes, then the crisis burst in English.
        await PostAsync(api, $$"""{"articleId": "browser-ar-1", "title": "غارات على جنوب لبنان", "body": "{{Arabic}}"}""");
        foreach (var article in ApiEndpointTests.CrisisDay("browser").Where(a => a["articleId"]!.GetValue<string>().Contains("crisis", StringComparison.Ordinal)))
        {
            await PostAsync(api, article.ToJsonString());
        }

        // The firing alert about the Arabic article appears; its evidence is marked in the text, right to left.
        OpenAlert(wait, "browser-ar-1");
        var shown = wait.Until(d => ((IJavaScriptExecutor)d).ExecuteScript("""
            const t = document.querySelector("#alert-detail .evidence[data-article-id='browser-ar-1'] .text");
            return t ? { dir: getComputedStyle(t).direction, text: t.textContent, marks: [...t.querySelectorAll('mark')].map(m => m.textContent) } : null;
            """) as IDictionary<string, object>);
        Assert.Equal("rtl", shown!["dir"]);
        Assert.Equal(Arabic, ((string)shown["text"]).Trim());
        var marks = ((IEnumerable<object>)shown["marks"]).Cast<string>().ToList();
        // The raids are marked (since lexicon 2026.12.4 an air raid needs no context word, so its evidence is the word).
        Assert.Contains(marks, m => m.Contains("غارات", StringComparison.Ordinal));
        Assert.All(marks, m => Assert.Contains(m, Arabic, StringComparison.Ordinal));

        // The dyad burst fires too, and the chart is drawn.
        wait.Until(d => d.FindElements(By.CssSelector("#alerts li[data-status='firing']")).Any(li => li.Text.Contains("dyad-burst", StringComparison.Ordinal)));
        wait.Until(d => d.FindElements(By.CssSelector("#chart canvas")).Count > 0);

        // A change through the page's form, with the token typed above.
        var form = driver.FindElement(By.Id("silence-form"));
        form.FindElements(By.CssSelector("select[name='kind'] option")).Single(o => o.Text == "country").Click();
        form.FindElement(By.Name("key")).SendKeys("LBN");
        form.FindElement(By.Name("comment")).SendKeys("browser test");
        form.FindElement(By.CssSelector("button[type='submit']")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#silences-table tbody tr")).Any(r => r.Text.Contains("LBN", StringComparison.Ordinal) && r.Text.Contains("browser test", StringComparison.Ordinal)));

        OpenAlert(wait, "browser-ar-1");
        wait.Until(d => d.FindElements(By.CssSelector("#alert-detail .evidence mark")).Count > 0);
        var screenshot = RepoRoot.Artifact("dashboard.png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(screenshot);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
    }

    [Fact]
    public async Task A_mixed_report_replayed_by_the_main_command_shows_pressure_and_effort_above_zero_and_on_the_map()
    {
        // The main command as the README gives it: no argument, the bundled samples replayed.
        await using var api = await ApiProcess.StartMainCommandAsync();
        using var driver = StartChromium();
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(45));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        driver.Navigate().GoToUrl(api.Address);

        // The scopes' table: IRN-USA with both indices above zero (the old single index showed 0 here).
        var cells = wait.Until(d =>
        {
            var row = d.FindElements(By.CssSelector("#risk-table tbody tr[data-scope='dyad/IRN-USA']")).FirstOrDefault();
            return row?.FindElements(By.TagName("td")).Select(c => c.Text).ToList();
        });
        double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Number(cells![2]) > 30, $"pressure {cells[2]}");
        Assert.True(Number(cells[3]) > 30, $"effort {cells[3]}");
        Assert.True(Number(cells[4]) > 10, $"risk {cells[4]}");
        // The table re-renders as the index is re-read: every look at its rows is retried past a stale element.
        var scopes = wait.Until(d => d.FindElements(By.CssSelector("#risk-table tbody tr")).Select(r => r.GetAttribute("data-scope")).ToList());
        Assert.Contains("dyad/IRN-RUS", scopes);

        // The map colours the article's states by pressure; a state it does not name stays grey.
        var iran = wait.Until(d => d.FindElements(By.CssSelector("#map path[data-code='IRN']")).FirstOrDefault(p => p.GetAttribute("class") != "heat-0"));
        Assert.Matches("heat-[1-4]", iran!.GetAttribute("class"));
        Assert.Equal("heat-0", wait.Until(d => d.FindElement(By.CssSelector("#map path[data-code='BRA']")).GetAttribute("class")));
        Assert.True(driver.FindElements(By.CssSelector("#map path")).Count > 150, "the map has its countries");

        // The chart of the selected dyad draws pressure and effort (the row is found and clicked in one step, again if
        // the table was re-rendered in between).
        wait.Until(d =>
        {
            d.FindElement(By.CssSelector("#risk-table tbody tr[data-scope='dyad/IRN-USA']")).Click();
            return true;
        });
        wait.Until(d => d.FindElements(By.CssSelector("#chart .u-legend")).Any(l => l.Text.Contains("escalation pressure", StringComparison.Ordinal) && l.Text.Contains("de-escalation effort", StringComparison.Ordinal)));

        var screenshot = RepoRoot.Artifact("dashboard-mixed.png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(screenshot);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
    }

    /// <summary>Finds the firing article alert about an article in the list and clicks it, in one step.</summary>
    private static void OpenAlert(WebDriverWait wait, string articleId) => wait.Until(d =>
    {
        var item = d.FindElements(By.CssSelector("#alerts li[data-status='firing']"))
            .FirstOrDefault(li => li.Text.Contains("article-attack", StringComparison.Ordinal) && li.Text.Contains(articleId, StringComparison.Ordinal));
        item?.Click();
        return item is not null;
    });

    private static async Task PostAsync(ApiProcess api, string json)
    {
        using var response = await api.Authorized.PostAsync(new Uri("api/articles", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static ChromeDriver StartChromium()
    {
        Assert.True(File.Exists("/usr/bin/chromium") && File.Exists("/usr/bin/chromedriver"),
            "Debian's chromium and chromium-driver are needed (the test command installs them)");
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage", "--window-size=1400,1400");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
