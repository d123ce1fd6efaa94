using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>Baselines: each scope's pressure sampled at hour boundaries, and the median and spread over the last 7 days.</summary>
public sealed partial class RiskIndex
{
    /// <summary>
    /// A scope's pressure baseline at <paramref name="at"/>: the median, and the robust spread (1.4826 × the median
    /// absolute deviation), of its pressure at each hour boundary the index watched over the last 7 days, zero for
    /// the hours before the scope's first article. A surge of a few hours barely moves a median of up to 168 hours.
    /// Null until the index has watched <see cref="MinBaselineHours"/> hours.
    /// </summary>
    public Baseline? BaselineAt(AlertScope scope, DateTimeOffset at)
    {
        var hour = HourFloor(at);
        if (_baselines.TryGetValue(scope, out var cached) && cached.Hour == hour)
        {
            return cached.Baseline;
        }

        var baseline = ComputeBaseline(scope, at);
        if (Since is not null)
        {
            _baselines[scope] = (hour, baseline);
        }

        return baseline;
    }

    /// <summary>
    /// As <see cref="BaselineAt"/>, without keeping what it works out (so the store's read model, which asks at each
    /// step it writes, leaves the index exactly as a replaying reader's).
    /// </summary>
    internal Baseline? PeekBaselineAt(AlertScope scope, DateTimeOffset at) =>
        _baselines.TryGetValue(scope, out var cached) && cached.Hour == HourFloor(at) ? cached.Baseline : ComputeBaseline(scope, at);

    /// <summary>The start of the hour <paramref name="t"/> is in (when the baselines move).</summary>
    internal static DateTimeOffset HourOf(DateTimeOffset t) => HourFloor(t);

    private Baseline? ComputeBaseline(AlertScope scope, DateTimeOffset at)
    {
        var samples = HourlySamples(scope, at);
        if (samples is null)
        {
            return null;
        }

        var median = Median(samples);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = Math.Abs(samples[i] - median);
        }

        return new Baseline(median, 1.4826 * Median(samples), samples.Length);
    }

    private static DateTimeOffset HourFloor(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % Hour.Ticks), TimeSpan.Zero);

    private static DateTimeOffset HourCeiling(DateTimeOffset t) => t.UtcTicks % Hour.Ticks == 0 ? t.ToUniversalTime() : HourFloor(t) + Hour;

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>
    /// Records the scope's pressure at every hour boundary up to <paramref name="at"/> not yet recorded, before a
    /// contribution changes it (between contributions pressure only decays, so each boundary's value is exact).
    /// </summary>
    private void Sample(ScopeState state, DateTimeOffset at)
    {
        var next = state.HourlyFrom is { } from ? from + (Hour * state.Hourly.Count) : HourCeiling(state.FirstSeen);
        var earliest = HourCeiling(at - TimeSpan.FromHours(BaselineHours));
        if (next < earliest)
        {
            // Idle for longer than the window: nothing recorded so far is needed.
            state.Hourly.Clear();
            next = earliest;
        }

        if (state.Hourly.Count == 0)
        {
            state.HourlyFrom = next;
        }

        for (var boundary = next; boundary <= at; boundary += Hour)
        {
            state.Hourly.Add(boundary >= state.UpdatedAt ? Decay(state.Pressure, boundary - state.UpdatedAt) : PressureFromContributions(state, boundary));
        }

        var excess = state.Hourly.Count - BaselineHours;
        if (excess > 0)
        {
            state.Hourly.RemoveRange(0, excess);
            state.HourlyFrom += Hour * excess;
        }
    }

    /// <summary>The scope's pressure at each watched hour boundary of the 7 days before <paramref name="at"/>, or null when too few.</summary>
    private double[]? HourlySamples(AlertScope scope, DateTimeOffset at)
    {
        if (Since is not { } since)
        {
            return null;
        }

        var first = HourCeiling(since > at - TimeSpan.FromHours(BaselineHours) ? since : at - TimeSpan.FromHours(BaselineHours));
        var last = HourFloor(at);
        var count = (int)((last - first).Ticks / Hour.Ticks) + 1;
        if (count < MinBaselineHours)
        {
            return null;
        }

        var samples = new double[count];
        if (!_scopes.TryGetValue(scope, out var state))
        {
            return samples;
        }

        for (var i = 0; i < count; i++)
        {
            var boundary = first + (Hour * i);
            if (boundary < state.FirstSeen)
            {
                continue;
            }

            var recorded = state.HourlyFrom is { } from ? (int)((boundary - from).Ticks / Hour.Ticks) : -1;
            samples[i] = recorded >= 0 && recorded < state.Hourly.Count
                ? state.Hourly[recorded]
                : boundary >= state.UpdatedAt ? Decay(state.Pressure, boundary - state.UpdatedAt) : PressureFromContributions(state, boundary);
        }

        return samples;
    }

    /// <summary>A boundary before the recorded samples (a migrated scope): rebuilt from the contributions kept.</summary>
    private double PressureFromContributions(ScopeState state, DateTimeOffset at) =>
        state.Recent.Where(c => c.At <= at).Sum(c => Decay(c.Pressure, at - c.At));
}
