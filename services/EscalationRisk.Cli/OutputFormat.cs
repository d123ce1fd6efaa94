namespace EscalationRisk.Cli;

/// <summary>The output formats of <c>score</c>.</summary>
internal enum OutputFormat
{
    Jsonl,
    Text,
}
