namespace EscalationRisk.Scoring;

/// <summary>An actor named at tokens [First, Last]; <see cref="Place"/> when named through a place on its territory.</summary>
internal readonly record struct ActorMention(int First, int Last, int Actor, bool ObjectMarked, bool Place = false);
