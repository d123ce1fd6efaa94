using System.Collections.Concurrent;
using EscalationRisk.Contracts;

namespace EscalationRisk.Cli;

/// <summary>Gathers the scored articles a run waits for; a redelivered duplicate is kept once.</summary>
internal sealed class ScoredCollector
{
    private readonly HashSet<string> _expected;
    private readonly ConcurrentDictionary<string, ArticleScored> _received = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScoredCollector(IEnumerable<string> expectedIds)
    {
        _expected = new HashSet<string>(expectedIds, StringComparer.Ordinal);
        if (_expected.Count == 0)
        {
            _done.TrySetResult();
        }
    }

    public int Missing => _expected.Count - _received.Count;

    public void Add(ArticleScored scored)
    {
        if (_expected.Contains(scored.ArticleId) && _received.TryAdd(scored.ArticleId, scored) && _received.Count == _expected.Count)
        {
            _done.TrySetResult();
        }
    }

    public bool TryGet(string articleId, out ArticleScored scored) => _received.TryGetValue(articleId, out scored!);

    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        try
        {
            await _done.Task.WaitAsync(timeout, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
