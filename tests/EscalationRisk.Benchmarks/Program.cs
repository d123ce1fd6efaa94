using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(EscalationRisk.Benchmarks.ScorerBenchmarks).Assembly).Run(args);
