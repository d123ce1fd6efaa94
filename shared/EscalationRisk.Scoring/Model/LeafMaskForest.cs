using System.Numerics;
using System.Runtime.InteropServices;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// The second stage's trees, evaluated without walking them (the QuickScorer method of Lucchese et al., SIGIR 2015,
/// in its vectorised form). Each tree's leaves are numbered left to right, and its state is a mask of the leaves still
/// reachable: all of them at first. A split whose test fails (the value is above its threshold, so a walk would turn
/// right) rules out the leaves of its left subtree; the leaf a walk would reach is then the leftmost leaf still in the
/// mask. The splits a value fails are those of its feature with a threshold below it, so for each feature and each of
/// its distinct thresholds the combined effect on all trees' masks is computed once, when loading: a sentence then
/// costs, per feature above its lowest threshold, a binary search and one AND over every tree's mask (16 bits a tree,
/// four trees a <c>ulong</c>). Walking the 120 trees node by node mispredicted a branch at most nodes and cost about a
/// fifth of the shipped scorer's time on the sample article. Each tree ends at the same leaf as the walk, and the
/// weighted leaves (the same products) are summed in the same order, so the sums are the same to the last bit.
/// Immutable: one instance serves every thread.
/// </summary>
internal sealed class LeafMaskForest
{
    /// <summary>A tree's leaves must fit its 16-bit mask.</summary>
    private const int MaxLeaves = 16;

    private readonly int[] _featureStart;  // per feature: its first distinct threshold; one more entry closes the last
    private readonly float[] _threshold;   // each feature's distinct thresholds, ascending
    private readonly ulong[] _rows;        // per distinct threshold: every tree's mask once all splits up to it failed
    private readonly int _rowLength;       // ulongs a row: four trees each, padded to whole vectors
    private readonly double[] _weightedLeaf; // per tree, 16 slots: weight × leaf value, leaves left to right
    private readonly int[] _classStart;    // per class: its first tree; one more entry closes the last class

    private LeafMaskForest(float[] threshold, int[] featureStart, ulong[] rows, int rowLength, double[] weightedLeaf, int[] classStart) =>
        (_threshold, _featureStart, _rows, _rowLength, _weightedLeaf, _classStart) = (threshold, featureStart, rows, rowLength, weightedLeaf, classStart);

    /// <summary>
    /// The forest of <paramref name="classes"/> (trees already checked by the caller), or null when a tree does not fit
    /// the method: more than <see cref="MaxLeaves"/> leaves, a node or leaf reached twice, or a threshold that is not
    /// a number. The caller then walks the trees.
    /// </summary>
    public static LeafMaskForest? TryBuild(IReadOnlyList<StackerTree[]> classes, int features)
    {
        var trees = classes.Sum(c => c.Length);
        var splits = new List<(int Feature, float Threshold, int Tree, ushort Keep)>();
        var weightedLeaf = new double[trees * MaxLeaves];
        var classStart = new int[classes.Count + 1];
        var t = 0;
        for (var k = 0; k < classes.Count; k++)
        {
            classStart[k] = t;
            foreach (var tree in classes[k])
            {
                if (tree.Feature.Length == 0)
                {
                    weightedLeaf[t * MaxLeaves] = tree.Weight * tree.Leaf[0]; // a tree that is one leaf, as the walk reads it
                }
                else if (tree.Leaf.Length > MaxLeaves || tree.Threshold.Any(float.IsNaN)
                    || !AddTree(tree, t, splits, weightedLeaf.AsSpan(t * MaxLeaves, MaxLeaves)))
                {
                    return null;
                }

                t++;
            }
        }

        classStart[classes.Count] = t;
        var vector = Math.Max(Vector<ulong>.Count, 1);
        var rowLength = ((trees + 3) / 4 + vector - 1) / vector * vector;
        splits.Sort(static (a, b) => a.Feature != b.Feature ? a.Feature.CompareTo(b.Feature) : a.Threshold.CompareTo(b.Threshold));
        var featureStart = new int[features + 1];
        var thresholds = new List<float>();
        var rows = new List<ulong>();
        var row = new ulong[rowLength];
        var s = 0;
        for (var f = 0; f < features; f++)
        {
            featureStart[f] = thresholds.Count;
            Array.Fill(row, ulong.MaxValue);
            var masks = MemoryMarshal.Cast<ulong, ushort>(row.AsSpan());
            while (s < splits.Count && splits[s].Feature == f)
            {
                // Every split at this threshold fails together: one row for all of them.
                var threshold = splits[s].Threshold;
                for (; s < splits.Count && splits[s].Feature == f && splits[s].Threshold == threshold; s++)
                {
                    masks[splits[s].Tree] &= splits[s].Keep;
                }

                thresholds.Add(threshold);
                rows.AddRange(row);
            }
        }

        featureStart[features] = thresholds.Count;
        return new LeafMaskForest([.. thresholds], featureStart, [.. rows], rowLength, weightedLeaf, classStart);
    }

    /// <summary>Numbers a tree's leaves left to right and adds its splits; false when a node or leaf is reached twice.</summary>
    private static bool AddTree(StackerTree tree, int t, List<(int, float, int, ushort)> splits, Span<double> weightedLeaf)
    {
        var (seenNode, seenLeaf) = (new bool[tree.Feature.Length], new bool[tree.Leaf.Length]);
        var leaves = new List<double>();

        // Reads the leaves below a child into their positions; a split's failing test removes its left subtree's.
        bool Visit(int child)
        {
            if (child < 0)
            {
                if (seenLeaf[~child])
                {
                    return false;
                }

                seenLeaf[~child] = true;
                leaves.Add(tree.Weight * tree.Leaf[~child]); // the product the walk's sum adds
                return true;
            }

            if (seenNode[child])
            {
                return false;
            }

            seenNode[child] = true;
            var from = leaves.Count;
            if (!Visit(tree.Left[child]))
            {
                return false;
            }

            var left = (ushort)(((1 << (leaves.Count - from)) - 1) << from);
            splits.Add((tree.Feature[child], tree.Threshold[child], t, (ushort)~left));
            return Visit(tree.Right[child]);
        }

        if (!Visit(0))
        {
            return false;
        }

        leaves.ToArray().CopyTo(weightedLeaf);
        return true;
    }

    /// <summary>Writes the weighted sum of each class's trees over <paramref name="evidence"/> into <paramref name="sums"/>.</summary>
    public void Sums(ReadOnlySpan<float> evidence, Span<double> sums)
    {
        Span<ulong> masks = _rowLength <= 256 ? stackalloc ulong[_rowLength] : new ulong[_rowLength];
        masks.Fill(ulong.MaxValue);
        var vectors = MemoryMarshal.Cast<ulong, Vector<ulong>>(masks);
        var thresholds = _threshold.AsSpan();
        for (var f = 0; f + 1 < _featureStart.Length; f++)
        {
            var (first, end) = (_featureStart[f], _featureStart[f + 1]);
            var value = evidence[f];
            // A split fails where a walk turns right, where not (value <= threshold): none when the value is at most the
            // lowest threshold, all of them for a NaN, else those with a threshold below the value.
            if (first == end || value <= thresholds[first])
            {
                continue;
            }

            var failed = float.IsNaN(value) ? end - first : CountBelow(thresholds[first..end], value);
            var row = MemoryMarshal.Cast<ulong, Vector<ulong>>(_rows.AsSpan((first + failed - 1) * _rowLength, _rowLength));
            for (var i = 0; i < vectors.Length; i++)
            {
                vectors[i] &= row[i];
            }
        }

        var leaves = MemoryMarshal.Cast<ulong, ushort>(masks);
        if (_classStart.Length == 4 && _classStart[1] - _classStart[0] == _classStart[2] - _classStart[1]
            && _classStart[2] - _classStart[1] == _classStart[3] - _classStart[2])
        {
            // The second stage's three classes with as many trees each: three sums side by side, each adding its class's
            // leaves in tree order as below (one sum alone waits on each addition before the next).
            var (e, d, n) = (0.0, 0.0, 0.0);
            var trees = _classStart[1];
            for (var t = 0; t < trees; t++)
            {
                e += Leaf(leaves, t);
                d += Leaf(leaves, trees + t);
                n += Leaf(leaves, (2 * trees) + t);
            }

            (sums[0], sums[1], sums[2]) = (e, d, n);
            return;
        }

        for (var k = 0; k + 1 < _classStart.Length; k++)
        {
            var sum = 0.0;
            for (var t = _classStart[k]; t < _classStart[k + 1]; t++)
            {
                sum += Leaf(leaves, t);
            }

            sums[k] = sum;
        }
    }

    /// <summary>Tree <paramref name="t"/>'s weighted leaf: the leftmost one its mask kept.</summary>
    private double Leaf(ReadOnlySpan<ushort> leaves, int t) => _weightedLeaf[(t * MaxLeaves) + BitOperations.TrailingZeroCount((uint)leaves[t])];

    /// <summary>
    /// How many of the ascending <paramref name="thresholds"/> (at least one) are below <paramref name="value"/>. The
    /// search halves the range as many times whatever the value, choosing each half without a branch: the usual binary
    /// search mispredicted about every other step, which cost more than the masks.
    /// </summary>
    private static int CountBelow(ReadOnlySpan<float> thresholds, float value)
    {
        var (first, n) = (0, thresholds.Length);
        while (n > 1)
        {
            var half = n >>> 1;
            first = thresholds[first + half] < value ? first + half : first;
            n -= half;
        }

        return first + (thresholds[first] < value ? 1 : 0);
    }
}
