using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring.Tests;

/// <summary>The workspace's word cache: finds what it was given, through growth and clearing.</summary>
public sealed class WordTableTests
{
    [Fact]
    public void Every_word_added_is_found_with_its_value_and_no_other_is()
    {
        var table = new WordTable<int>();
        for (var i = 0; i < 50_000; i++)
        {
            table.Add($"w{i}".AsSpan(), i);
        }

        for (var i = 0; i < 50_000; i++)
        {
            Assert.True(table.TryGetValue($"w{i}".AsSpan(), out var value));
            Assert.Equal(i, value);
        }

        Assert.False(table.TryGetValue("w50000".AsSpan(), out _));
        Assert.False(table.TryGetValue("".AsSpan(), out _));
        table.Clear();
        Assert.Equal(0, table.Count);
        Assert.False(table.TryGetValue("w1".AsSpan(), out _));
        table.Add("قصف".AsSpan(), 7);
        Assert.True(table.TryGetValue("قصف".AsSpan(), out var again));
        Assert.Equal(7, again);
    }
}
