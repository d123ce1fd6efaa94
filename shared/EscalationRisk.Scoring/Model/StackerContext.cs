namespace EscalationRisk.Scoring.Model;

/// <summary>One thread's buffers for the second stage, and the stage itself (null while training it).</summary>
internal sealed class StackerContext(Stacker? model, int[] topicIndices)
{
    public Stacker? Model { get; } = model;
    public int[] TopicIndices { get; } = topicIndices;
    public float[] Evidence { get; } = new float[SentenceEvidence.Length];
    public float[] Probabilities { get; } = new float[Stacker.ClassNames.Length];
}
