using System.Globalization;
using System.Text.Json;

namespace EscalationRisk.Messaging.Tests;

/// <summary><c>escalation-risk loadtest</c> against a real scoring-worker process on the real broker.</summary>
[Collection("broker")]
public sealed class LoadTestTests
{
    [Fact]
    public async Task Loadtest_with_baseline_reports_rates_latencies_nothing_lost_and_where_the_cpu_went()
    {
        using var worker = WorkerProcess.Start();
        await worker.WaitForLogAsync("Bus started", TimeSpan.FromSeconds(60));
        var brokerPid = (await Broker.ScriptAsync("pid")).Trim();

        using var loadtest = WorkerProcess.Start(Broker.WorkerSettings(), WorkerProcess.CliDll, "loadtest", "--count", "600", "--baseline",
            "--worker-pid", worker.Id.ToString(CultureInfo.InvariantCulture), "--broker-pid", brokerPid, "--timeout", "120");
        await loadtest.WaitForExitAsync(TimeSpan.FromSeconds(180));
        Assert.True(loadtest.ExitCode == 0, loadtest.Output);

        // The JSON line is the last line of the output.
        var last = loadtest.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        using var report = JsonDocument.Parse(last);
        var r = report.RootElement;
        Assert.Equal(600, r.GetProperty("count").GetInt32());
        Assert.Equal(0, r.GetProperty("lost").GetInt32());
        var pipeline = r.GetProperty("pipelineRate").GetDouble();
        var baseline = r.GetProperty("baselineRate").GetDouble();
        Assert.True(pipeline > 0 && baseline > 0, last);
        Assert.Equal(pipeline / baseline, r.GetProperty("ratio").GetDouble(), 0.002);
        var p50 = r.GetProperty("p50Ms").GetDouble();
        var p99 = r.GetProperty("p99Ms").GetDouble();
        Assert.True(p50 > 0 && p50 <= r.GetProperty("p95Ms").GetDouble() && r.GetProperty("p95Ms").GetDouble() <= p99, last);
        Assert.True(r.GetProperty("workerPeakRssMb").GetDouble() > 20, last);

        // CPU per article of each process, for both phases: the worker does real work in the pipeline (in the baseline
        // only its timers and a just-started runtime's compiling, so no bound is asserted there); the broker and the load
        // tool work in both; the ceiling is the baseline's CPU over the pipeline's without the worker.
        var cpu = r.GetProperty("cpu");
        Assert.Equal(Environment.ProcessorCount, cpu.GetProperty("cores").GetInt32());
        var inBaseline = cpu.GetProperty("baseline");
        var inPipeline = cpu.GetProperty("pipeline");
        Assert.True(inPipeline.GetProperty("workerUs").GetDouble() > 20, last);
        Assert.True(inBaseline.GetProperty("workerUs").GetDouble() >= 0, last);
        Assert.True(inBaseline.GetProperty("brokerUs").GetDouble() > 0 && inPipeline.GetProperty("brokerUs").GetDouble() > 0, last);
        Assert.True(inBaseline.GetProperty("loadtestUs").GetDouble() > 0 && inPipeline.GetProperty("loadtestUs").GetDouble() > 0, last);
        var ceiling = (inBaseline.GetProperty("brokerUs").GetDouble() + inBaseline.GetProperty("workerUs").GetDouble() + inBaseline.GetProperty("loadtestUs").GetDouble())
            / (inPipeline.GetProperty("brokerUs").GetDouble() + inPipeline.GetProperty("loadtestUs").GetDouble());
        Assert.Equal(ceiling, cpu.GetProperty("ratioCeiling").GetDouble(), 0.005);
    }

    [Fact]
    public async Task Loadtest_names_a_process_that_is_not_there_and_exits_with_a_usage_error()
    {
        using var loadtest = WorkerProcess.Start(Broker.WorkerSettings(), WorkerProcess.CliDll, "loadtest", "--count", "10", "--broker-pid", "999999999");
        await loadtest.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, loadtest.ExitCode);
        Assert.Contains("no process 999999999 for --broker-pid", loadtest.Output, StringComparison.Ordinal);
    }
}
