using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Model;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring.Tests;

/// <summary>N-gram models built by hand for the fusion tests.</summary>
internal static class HandBuiltModels
{
    public static readonly string[] Labels = ["attack", "dialogue", "neutral"];

    /// <summary>A model that calls any sentence with <paramref name="word"/> an attack, and everything else neutral.</summary>
    public static LinearModel WordMeansAttack(CompiledLexicon lexicon, string word, float neutralBias)
    {
        var workspace = new Workspace();
        workspace.Analyze(word, lexicon);
        var weights = new float[Labels.Length * SentenceFeatures.Dimension];
        foreach (var feature in workspace.WordFeatures[0])
        {
            weights[feature * Labels.Length] = 40f; // class 0: attack
        }

        return new LinearModel(Labels, weights, [0f, 0f, neutralBias], "test-model");
    }
}
