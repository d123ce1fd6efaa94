using System.CommandLine;
using EscalationRisk.Cli;

var root = new RootCommand("EscalationRisk: score Arabic and English news for escalation and de-escalation signals.");
root.Subcommands.Add(ScoreCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(LoadTestCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EscalationRisk.Cli.Training.TopicTrainer.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
