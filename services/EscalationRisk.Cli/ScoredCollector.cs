using System.Collections.Concurrent;
using EscalationRisk.Contracts;

namespace EscalationRisk.Cli;

/// <summary>Gathers the scored articles a run waits for; a redelivered duplicate is kept once.</summary>
internal sealed class ScoredCollector
{
    private readonly HashSet<string> expected;
    private readonly ConcurrentDictionary<string, ArticleScored> received = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScoredCollector(IEnumerable<string> expectedIds)
    {
        expected = new HashSet<string>(expectedIds, StringComparer.Ordinal);
        if (expected.Count == 0)
        {
            done.TrySetResult();
        }
    }

    public int Missing => expected.Count - received.Count;

    public void Add(ArticleScored scored)
    {
        if (expected.Contains(scored.ArticleId) && received.TryAdd(scored.ArticleId, scored) && received.Count == expected.Count)
        {
            done.TrySetResult();
        }
    }

    public bool TryGet(string articleId, out ArticleScored scored) => received.TryGetValue(articleId, out scored!);

    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        try
        {
            await done.Task.WaitAsync(timeout, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
