using System.Data.Common;
using System.Text.Json;
using EscalationRisk.Contracts;
using static System.FormattableString;

namespace EscalationRisk.Alerting;

/// <summary>An article's text as submitted, for showing evidence in context.</summary>
public sealed record ArticleText(string Body, string? Language, string? Title);

/// <summary>
/// An article as the store knows it: scored (once the alert worker counted it), its text (when it was submitted
/// through the Api), or both. <see cref="Seq"/> orders articles as they were counted; 0 while only the text is known.
/// </summary>
public sealed record StoredArticle(string ArticleId, long Seq, DateTimeOffset? ObservedAt, ArticleScored? Article, ArticleText? Text);

/// <summary>
/// A page of the articles counted, newest first. <see cref="Next"/> is the cursor for the next (older) page, null on
/// the last one.
/// </summary>
public sealed record ArticlePage(IReadOnlyList<StoredArticle> Items, string? Next);

/// <summary>
/// Which counted articles to list: in a scope (the scopes the article counted in), with a label, counted in
/// [<see cref="Since"/>, <see cref="Until"/>), older than the cursor <see cref="Before"/>; at most
/// <see cref="Limit"/> (1 to <see cref="ArticleRows.MaxPage"/>).
/// </summary>
public sealed record ArticleQuery(
    AlertScope? Scope = null,
    ArticleLabel? Label = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    long? Before = null,
    int Limit = 50);

/// <summary>
/// The read model of the articles counted, one SQL for every store (ADO.NET with <c>@name</c> parameters, times as
/// UTC ticks in 64-bit integers): the alert worker writes each article it counts in the same transaction as its
/// journal entry, with a row per scope it counts in (indexed, for listing a dyad's or a country's articles); the Api
/// writes the texts of the articles submitted to it. Any Api replica answers from these tables, so a replica started
/// again has lost nothing. Both are kept for <see cref="Retention"/> after the newest article counted.
/// </summary>
public static class ArticleRows
{
    /// <summary>How long counted articles and submitted texts are kept (after the newest article counted): 7 days.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>The most articles one page lists.</summary>
    public const int MaxPage = 500;

    private const string Columns = "a.seq, a.article_id, a.observed_at, a.scored";

    /// <summary>The wire name of a label (as in <see cref="ArticleScored.Label"/>).</summary>
    public static string LabelName(ArticleLabel label) => WireNames.Of(label);

    /// <summary>A scope as the scope rows name it: <c>dyad:IRN-USA</c>, <c>country:IRN</c>, <c>global:global</c>.</summary>
    public static string ScopeName(AlertScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return WireNames.Of(scope.Kind) + ":" + scope.Key;
    }

    /// <summary>
    /// Writes the articles the journal entries counted (one whose id has a row already is left as it is), each
    /// serialized once; returns those given a row, which the journal then names by id (see
    /// <see cref="JournalEntry.ToStoredJson"/>).
    /// </summary>
    internal static IReadOnlySet<ArticleScored> Insert(Statements statements, IReadOnlyList<JournalEntry> entries)
    {
        var inserted = new HashSet<ArticleScored>(ReferenceEqualityComparer.Instance);
        var counted = entries.SelectMany(e => (e.Observed ?? []).Select(a => (e.At, Article: a))).ToList();

        // A commit's articles in one statement per chunk and their scope rows in another: two round trips to a
        // server (and two compiled statements) for a group commit, not two per article.
        foreach (var chunk in counted.Chunk(Batches.RowsPerStatement(statements.Connection, 4, ArticlesPerStatement)))
        {
            var insert = statements.For("INSERT INTO article (article_id, observed_at, label, scored) VALUES "
                + string.Join(", ", chunk.Select((_, i) => Invariant($"(@id{i}, @at{i}, @label{i}, @scored{i})")))
                + " ON CONFLICT (article_id) DO NOTHING RETURNING article_id, seq");
            for (var i = 0; i < chunk.Length; i++)
            {
                Add(insert, Invariant($"id{i}"), chunk[i].Article.ArticleId);
                Add(insert, Invariant($"at{i}"), chunk[i].At.UtcTicks);
                Add(insert, Invariant($"label{i}"), LabelName(chunk[i].Article.Label));
                Add(insert, Invariant($"scored{i}"), ContractText.Of(chunk[i].Article));
            }

            var seqs = new Dictionary<string, long>(StringComparer.Ordinal);
            using (var reader = insert.ExecuteReader())
            {
                while (reader.Read())
                {
                    seqs[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            var scopeRows = new List<(string Scope, long Seq)>();
            foreach (var (_, article) in chunk)
            {
                if (seqs.TryGetValue(article.ArticleId, out var seq))
                {
                    inserted.Add(article);
                    scopeRows.AddRange(RiskIndex.ScopesOf(article).Select(ScopeName).Distinct(StringComparer.Ordinal).Select(scope => (scope, seq)));
                }
            }

            foreach (var rows in scopeRows.Chunk(Batches.RowsPerStatement(statements.Connection, 2, ScopeRowsPerStatement)))
            {
                var scopes = statements.For("INSERT INTO article_scope (scope, seq) VALUES "
                    + string.Join(", ", rows.Select((_, i) => Invariant($"(@scope{i}, @seq{i})"))) + " ON CONFLICT DO NOTHING");
                for (var i = 0; i < rows.Length; i++)
                {
                    Add(scopes, Invariant($"scope{i}"), rows[i].Scope);
                    Add(scopes, Invariant($"seq{i}"), rows[i].Seq);
                }

                scopes.ExecuteNonQuery();
            }
        }

        return inserted;
    }

    /// <summary>Articles per insert statement on a server: four values each, well under PostgreSQL's bound on parameters (fewer on SQLite: <see cref="Batches.RowsPerStatement"/>).</summary>
    private const int ArticlesPerStatement = 200;

    /// <summary>Scope rows per insert statement (two values each).</summary>
    private const int ScopeRowsPerStatement = 500;

    /// <summary>
    /// Puts back the articles journal entries name by id (<see cref="JournalEntry.ObservedIds"/>), read from their rows
    /// in the same transaction as the entries.
    /// </summary>
    internal static List<(long Seq, JournalEntry Entry)> WithObserved(DbConnection connection, DbTransaction? transaction, List<(long Seq, JournalEntry Entry)> entries)
    {
        var ids = entries.SelectMany(e => e.Entry.ObservedIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return entries;
        }

        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            using var select = Command(connection, transaction, "SELECT article_id, scored FROM article WHERE article_id IN ("
                + string.Join(", ", chunk.Select((_, i) => Invariant($"@id{i}"))) + ")");
            for (var i = 0; i < chunk.Length; i++)
            {
                Add(select, Invariant($"id{i}"), chunk[i]);
            }

            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                rows[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return [.. entries.Select(e => (e.Seq, e.Entry.WithObserved(rows)))];
    }

    /// <summary>Keeps the texts of submitted articles (a text kept already is left as it is).</summary>
    internal static void InsertTexts(DbConnection connection, DbTransaction transaction, IReadOnlyList<ArticleSubmitted> articles, DateTimeOffset at)
    {
        foreach (var article in articles)
        {
            using var insert = Command(connection, transaction, """
                INSERT INTO article_text (article_id, kept_at, language, title, body) VALUES (@id, @at, @language, @title, @body)
                ON CONFLICT (article_id) DO NOTHING
                """);
            Add(insert, "id", article.ArticleId);
            Add(insert, "at", at.UtcTicks);
            Add(insert, "language", article.Language);
            Add(insert, "title", article.Title);
            Add(insert, "body", article.Body);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>A page of counted articles, newest first.</summary>
    internal static ArticlePage Query(DbConnection connection, ArticleQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, MaxPage);
        var where = new List<string>();
        using var command = connection.CreateCommand();
        string from;
        if (query.Scope is { } scope)
        {
            // Walks the scope's rows newest first; the label and time filters apply to the articles they reach.
            from = "article_scope s JOIN article a ON a.seq = s.seq";
            where.Add("s.scope = @scope");
            Add(command, "scope", ScopeName(scope));
        }
        else
        {
            from = "article a";
        }

        var seq = query.Scope is null ? "a.seq" : "s.seq";
        if (query.Before is { } before)
        {
            where.Add($"{seq} < @before");
            Add(command, "before", before);
        }

        if (query.Label is { } label)
        {
            where.Add("a.label = @label");
            Add(command, "label", LabelName(label));
        }

        if (query.Since is { } since)
        {
            where.Add("a.observed_at >= @since");
            Add(command, "since", since.UtcTicks);
        }

        if (query.Until is { } until)
        {
            where.Add("a.observed_at < @until");
            Add(command, "until", until.UtcTicks);
        }

        command.CommandText = $"SELECT {Columns} FROM {from}{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} ORDER BY {seq} DESC LIMIT @limit";
        Add(command, "limit", limit + 1);
        var items = new List<StoredArticle>(limit + 1);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                items.Add(Read(reader, null));
            }
        }

        var more = items.Count > limit;
        if (more)
        {
            items.RemoveAt(limit);
        }

        return new ArticlePage(items, more ? items[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    /// <summary>One article with its text; null when the store knows neither.</summary>
    internal static StoredArticle? Find(DbConnection connection, string articleId)
    {
        ArgumentNullException.ThrowIfNull(articleId);
        var text = Texts(connection, [articleId]).GetValueOrDefault(articleId);
        using var command = Command(connection, null, $"SELECT {Columns} FROM article a WHERE a.article_id = @id");
        Add(command, "id", articleId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader, text) : text is null ? null : new StoredArticle(articleId, 0, null, null, text);
    }

    /// <summary>The texts kept of the given articles.</summary>
    internal static IReadOnlyDictionary<string, ArticleText> Texts(DbConnection connection, IReadOnlyCollection<string> articleIds)
    {
        var found = new Dictionary<string, ArticleText>(StringComparer.Ordinal);
        foreach (var chunk in articleIds.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            using var command = connection.CreateCommand();
            var names = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                names.Add("@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Add(command, "id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), chunk[i]);
            }

            command.CommandText = $"SELECT article_id, body, language, title FROM article_text WHERE article_id IN ({string.Join(", ", names)})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                found[reader.GetString(0)] = new ArticleText(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }

        return found;
    }

    /// <summary>
    /// Deletes, a batch per transaction, the articles counted and the texts kept more than <see cref="Retention"/>
    /// before the newest article counted; returns how many rows went.
    /// </summary>
    internal static int Prune(DbConnection connection, Func<DbTransaction> begin)
    {
        long horizon;
        using (var newest = Command(connection, null, "SELECT MAX(observed_at) FROM article"))
        {
            if (newest.ExecuteScalar() is not { } value || value is DBNull)
            {
                return 0;
            }

            horizon = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) - Retention.Ticks;
        }

        // Never an article a journal entry still kept may name (see JournalEntry.ToStoredJson): with checkpoints
        // failing for longer than the retention, the journal reaches further back than the articles would.
        using (var oldest = Command(connection, null, "SELECT entry FROM alert_journal ORDER BY seq LIMIT 1"))
        {
            if (oldest.ExecuteScalar() is string entry)
            {
                horizon = Math.Min(horizon, JournalEntry.FromJson(entry).At.UtcTicks);
            }
        }

        // The oldest articles a batch at a time, each batch with its scope rows in one transaction.
        var total = Batches.Repeat(begin, transaction =>
        {
            using var cut = Command(connection, transaction, $"SELECT MAX(seq) FROM (SELECT seq FROM article WHERE observed_at < @h ORDER BY seq LIMIT {Batches.Size}) oldest");
            Add(cut, "h", horizon);
            if (cut.ExecuteScalar() is not long last)
            {
                return 0;
            }

            const string Old = "SELECT seq FROM article WHERE seq <= @cut AND observed_at < @h";
            using var scopes = Command(connection, transaction, $"DELETE FROM article_scope WHERE seq IN ({Old})");
            using var articles = Command(connection, transaction, $"DELETE FROM article WHERE seq IN ({Old})");
            var deleted = 0;
            foreach (var delete in new[] { scopes, articles })
            {
                Add(delete, "cut", last);
                Add(delete, "h", horizon);
                deleted = delete.ExecuteNonQuery();
            }

            return deleted;
        });

        return total + Batches.Repeat(begin, transaction =>
        {
            using var delete = Command(connection, transaction, $"DELETE FROM article_text WHERE article_id IN (SELECT article_id FROM article_text WHERE kept_at < @h LIMIT {Batches.Size})");
            Add(delete, "h", horizon);
            return delete.ExecuteNonQuery();
        });
    }

    private static StoredArticle Read(DbDataReader reader, ArticleText? text) => new(
        reader.GetString(1),
        reader.GetInt64(0),
        new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
        JsonSerializer.Deserialize<ArticleScored>(reader.GetString(3), ContractJson.Options),
        text);

    /// <summary>A command on the connection, in the transaction when given.</summary>
    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>
    /// Adds a parameter (<c>@name</c> in the SQL; a name given without its prefix gets <c>@</c>); null is written as
    /// SQL NULL. The prefix is part of the name given to the driver: Microsoft.Data.Sqlite looks a name up in the
    /// statement's list of parameters one by one, and a name without its prefix is looked up four times (as given,
    /// then with <c>@</c>, <c>$</c> and <c>:</c>), so a read-model upsert of a group commit's 320 values spent more
    /// on finding its parameters than on writing its rows. Npgsql takes the name with or without it.
    /// </summary>
    internal static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name.Length > 0 && name[0] is '@' or '$' or ':' ? name : "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
