namespace EscalationRisk.Cli;

/// <summary>What <c>evaluate</c> reads and how it breaks the figures down.</summary>
/// <param name="GoldPath">A TSV (with a header line) or JSONL file of labelled rows.</param>
/// <param name="TextColumn">The column holding the text.</param>
/// <param name="LabelColumn">The column holding the gold polarity.</param>
/// <param name="Filters">Rows kept: every COLUMN=VALUE must hold.</param>
/// <param name="By">Columns to break the figures down by, each value of each column a group of its own.</param>
/// <param name="CategoriesColumn">A column of expected signal categories (comma-separated), when the file has one.</param>
/// <param name="JsonPath">Where to write the report as JSON, if anywhere.</param>
/// <param name="ErrorsPath">Where to write the rows whose label was wrong (TSV), if anywhere.</param>
/// <param name="Articles">
/// Rows are whole articles: the label is compared as the scorer gives it (<c>mixed</c> is a class of its own, not the
/// stronger side), and a <c>title</c> column, when present, is sent as the article's title.
/// </param>
/// <param name="DyadsColumn">A column of marked dyads (<c>IRN-USA HEZ-ISR</c>): reports dyad precision, recall and F1.</param>
/// <param name="ThirdPartiesColumn">A column of marked third parties (<c>QAT:mediator EGY:caller</c>): reports how often one was made a party.</param>
/// <param name="AlertColumn">A yes/no column: would an operations team want an alert from this article alone; compared with the shipped article rules.</param>
internal sealed record EvaluateOptions(
    string GoldPath,
    string TextColumn = "text",
    string LabelColumn = "label",
    IReadOnlyList<(string Column, string Value)>? Filters = null,
    IReadOnlyList<string>? By = null,
    string? CategoriesColumn = null,
    string? JsonPath = null,
    string? ErrorsPath = null,
    bool Articles = false,
    string? DyadsColumn = null,
    string? ThirdPartiesColumn = null,
    string? AlertColumn = null);
