using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

/// <summary>
/// The read model of the articles counted and the texts submitted, on both real stores: what the alert worker counts
/// is listed by scope, label and time, page by page; texts are found by any reader of the store; old rows go.
/// </summary>
public sealed class ArticleReadModelTests : IDisposable
{
    private readonly StoreDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Articles_counted_by_the_worker_are_listed_by_scope_label_and_time_and_paged_without_gaps(string kind)
    {
        var connectionString = _databases.ConnectionString(kind);
        var clock = new FakeTimeProvider(Scored.Start);
        using (var state = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6)))
        {
            for (var i = 0; i < 30; i++)
            {
                clock.Advance(TimeSpan.FromMinutes(1));
                var article = i % 3 == 0
                    ? Scored.Article($"calm-{i:D2}", 0.05, 0.9, actors: ["ARM", "AZE"])
                    : Scored.Article($"strike-{i:D2}", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)]);
                await state.ApplyAsync(engine => (engine.Observe(article), true));
            }

            // A redelivery of an article counted already is neither counted nor listed twice.
            await state.ApplyAsync(engine => (engine.Observe(Scored.Article("strike-01", 0.9)), true));
        }

        // Another process (an Api replica) reads what the worker wrote, without any engine.
        using var store = AlertStores.Open(connectionString);
        var all = store.Articles(new ArticleQuery(Limit: 500));
        Assert.Equal(30, all.Items.Count);
        Assert.Null(all.Next);
        Assert.Equal("strike-29", all.Items[0].ArticleId);
        Assert.Equal(Scored.Start.AddMinutes(30), all.Items[0].ObservedAt);
        Assert.Equal(ArticleLabel.Escalation, all.Items[0].Article!.Label);
        Assert.Equal(ArticleLabel.Deescalation, all.Items[2].Article!.Label);

        var iranUs = store.Articles(new ArticleQuery(new AlertScope(ScopeKind.Dyad, "IRN-USA"), Limit: 500)).Items;
        Assert.Equal(20, iranUs.Count);
        Assert.All(iranUs, a => Assert.StartsWith("strike-", a.ArticleId, StringComparison.Ordinal));
        Assert.Equal(10, store.Articles(new ArticleQuery(new AlertScope(ScopeKind.Country, "AZE"), Limit: 500)).Items.Count);
        Assert.Equal(30, store.Articles(new ArticleQuery(new AlertScope(ScopeKind.Global, "global"), Limit: 500)).Items.Count);
        Assert.Empty(store.Articles(new ArticleQuery(new AlertScope(ScopeKind.Dyad, "ISR-LBN"))).Items);

        var calm = store.Articles(new ArticleQuery(Label: ArticleLabel.Deescalation, Limit: 500)).Items;
        Assert.Equal(10, calm.Count);
        var window = store.Articles(new ArticleQuery(Since: Scored.Start.AddMinutes(10), Until: Scored.Start.AddMinutes(20), Limit: 500)).Items;
        Assert.Equal(Enumerable.Range(9, 10).Reverse().Select(i => i % 3 == 0 ? $"calm-{i:D2}" : $"strike-{i:D2}"), window.Select(a => a.ArticleId));

        // Pages of 7 in a scope: every article once, newest first, then no cursor.
        var paged = new List<string>();
        long? before = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 10, "the pages never end");
            var page = store.Articles(new ArticleQuery(new AlertScope(ScopeKind.Dyad, "IRN-USA"), Before: before, Limit: 7));
            paged.AddRange(page.Items.Select(a => a.ArticleId));
            if (page.Next is null)
            {
                break;
            }

            before = long.Parse(page.Next, System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(iranUs.Select(a => a.ArticleId), paged);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Texts_kept_through_the_writer_are_found_with_the_article_by_a_fresh_reader(string kind)
    {
        var connectionString = _databases.ConnectionString(kind);
        var clock = new FakeTimeProvider(Scored.Start);
        using (var store = AlertStores.Open(connectionString))
        {
            await using var writer = new ArticleTextWriter(store, clock);
            var submitted = Enumerable.Range(0, 300)
                .Select(i => new ArticleSubmitted($"t-{i:D3}", $"نص المقال {i}", Language: "ar", Title: $"title {i}"))
                .ToList();
            await Task.WhenAll(submitted.Select(a => writer.KeepAsync(a)));

            // The same text again changes nothing.
            await writer.KeepAsync(submitted[0] with { Body = "another body" });
        }

        using var reader = AlertStores.Open(connectionString);
        var found = reader.Article("t-007");
        Assert.NotNull(found);
        Assert.Null(found.Article);
        Assert.Equal(new ArticleText("نص المقال 7", "ar", "title 7"), found.Text);
        Assert.Equal("نص المقال 0", reader.Article("t-000")!.Text!.Body);
        Assert.Null(reader.Article("never-submitted"));
        var texts = reader.Texts(["t-001", "t-299", "missing"]);
        Assert.Equal(["t-001", "t-299"], texts.Keys.Order(StringComparer.Ordinal));

        // Once counted, the article carries both its score and its text.
        using var state = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));
        await state.ApplyAsync(engine => (engine.Observe(Scored.Article("t-007", 0.9)), true));
        found = reader.Article("t-007");
        Assert.NotNull(found!.Article);
        Assert.Equal("title 7", found.Text!.Title);
        Assert.True(found.Seq > 0);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Articles_and_texts_older_than_the_retention_go_at_a_checkpoint(string kind)
    {
        var connectionString = _databases.ConnectionString(kind);
        var clock = new FakeTimeProvider(Scored.Start);
        using var state = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));
        await using (var writer = new ArticleTextWriter(state.Store, clock))
        {
            await writer.KeepAsync(new ArticleSubmitted("old", "an old text"));
        }

        await state.ApplyAsync(engine => (engine.Observe(Scored.Article("old", 0.9)), true));
        clock.Advance(ArticleRows.Retention + TimeSpan.FromHours(1));
        await state.ApplyAsync(engine => (engine.Observe(Scored.Article("new", 0.9)), true));
        Assert.NotNull(state.Store.Article("old"));

        state.Checkpoint();

        // The journal keeps the entries after the previous checkpoint for readers behind, and those name their
        // articles by id: a reader at the first position still replays the old article from its row.
        Assert.NotNull(state.Store.Article("old"));
        var behind = state.Store.ReadAfter(0);
        Assert.Null(behind.Checkpoint);
        Assert.Equal(["old", "new"], behind.Entries.SelectMany(e => e.Entry.Observed ?? []).Select(a => a.ArticleId));

        await state.ApplyAsync(engine => (engine.Observe(Scored.Article("newer", 0.9)), true));
        state.Checkpoint();

        Assert.Null(state.Store.Article("old"));
        Assert.Equal(["newer", "new"], state.Store.Articles(new ArticleQuery(new AlertScope(ScopeKind.Global, "global"))).Items.Select(a => a.ArticleId));
    }
}
