using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;
using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring.Tests;

/// <summary>
/// Forms are matched on stems, so a context word or a fixed phrase of another sense can stem onto a signal's own
/// words ("storm", weather, is the stem of "stormed"). Such a word is not context for the signal it is part of, and
/// no entry may be silenced by its own words.
/// </summary>
public sealed class LexiconLintTests
{
    [Theory]
    [InlineData("Gunmen stormed the army post in northern Mali, killing two soldiers.", SignalCategory.Attack)]
    [InlineData("Iran warned that Israel would pay a heavy price for any attack on its soil.", SignalCategory.ThreatToRespond)]
    public void A_topic_word_inside_the_signal_is_not_its_context(string sentence, SignalCategory category)
    {
        var scored = Scoring.Score(sentence);
        Assert.Contains(scored.Signals, s => s.Category == category);
    }

    [Fact]
    public void An_excluded_topic_elsewhere_in_the_sentence_still_silences_the_signal()
    {
        var scored = Scoring.Score("A winter storm stormed the coast of Norway overnight, cutting power to thousands.");
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Attack);
    }

    [Fact]
    public void A_longer_signal_holding_a_phrase_of_another_sense_keeps_its_reading()
    {
        var scored = Scoring.Score("The president was briefed on strike options against Iranian nuclear sites on Tuesday.");
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.StrikeOption);
        var labour = Scoring.Score("Dock workers in Rotterdam went on strike over pay on Tuesday.");
        Assert.Empty(labour.Signals);
    }

    [Fact]
    public void No_signal_form_is_covered_by_a_phrase_of_another_sense()
    {
        var lexicon = CompiledLexicon.LoadEmbedded();
        var workspace = new Workspace();
        var faults = new List<string>();
        foreach (var entry in lexicon.Lexicon.Entries.Where(e => e.Kind == EntryKind.Signal))
        {
            foreach (var form in entry.Forms)
            {
                workspace.Analyze(form, lexicon);
                HitFinder.Find(lexicon, workspace, acrossActors: false);
                foreach (var hit in workspace.Hits)
                {
                    foreach (var target in lexicon.Targets[hit.Phrase].Where(t => !t.IsActor))
                    {
                        var other = lexicon.Lexicon.Entries[target.Index];
                        // A shorter phrase inside the form loses to it; one as long as the form silences it everywhere.
                        if (other.Kind == EntryKind.OtherSense && hit.Last - hit.First >= workspace.Tokens.Count - 1)
                        {
                            faults.Add($"line {entry.Line} '{form}' is covered by the other sense on line {other.Line}");
                        }
                    }
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join('\n', faults));
    }
}
