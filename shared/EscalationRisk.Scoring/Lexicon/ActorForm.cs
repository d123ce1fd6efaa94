namespace EscalationRisk.Scoring.Lexicon;

/// <summary>One named form of an actor: "Tehran", "بوتين", "the Kremlin".</summary>
internal sealed record ActorForm(string Code, string Role, string Language, string Form);
