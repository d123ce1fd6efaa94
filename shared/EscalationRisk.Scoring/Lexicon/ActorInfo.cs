namespace EscalationRisk.Scoring.Lexicon;

/// <summary>An actor's code and display names.</summary>
internal sealed record ActorInfo(string Code, string Type, string EnglishName, string ArabicName);
