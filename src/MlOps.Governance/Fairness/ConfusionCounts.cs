namespace MlOps.Governance.Fairness;

/// <summary>The confusion counts of one group; every fairness metric is a function of these four numbers.</summary>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    /// <summary>Rows in the group.</summary>
    public long Count => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    /// <summary>Rows whose true label is positive.</summary>
    public long ActualPositives => TruePositives + FalseNegatives;

    /// <summary>Rows whose true label is negative.</summary>
    public long ActualNegatives => FalsePositives + TrueNegatives;

    /// <summary>Share predicted positive (Fairlearn's selection_rate).</summary>
    public double SelectionRate => Count == 0 ? double.NaN : (double)(TruePositives + FalsePositives) / Count;

    /// <summary>TP / (TP + FN); NaN (reported as null) without actual positives.</summary>
    public double TruePositiveRate => ActualPositives == 0 ? double.NaN : (double)TruePositives / ActualPositives;

    /// <summary>FP / (FP + TN); NaN (reported as null) without actual negatives.</summary>
    public double FalsePositiveRate => ActualNegatives == 0 ? double.NaN : (double)FalsePositives / ActualNegatives;

    /// <summary>(TP + TN) / n.</summary>
    public double Accuracy => Count == 0 ? double.NaN : (double)(TruePositives + TrueNegatives) / Count;

    /// <summary>The sum of two groups' counts.</summary>
    public static ConfusionCounts operator +(ConfusionCounts a, ConfusionCounts b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives,
            a.TrueNegatives + b.TrueNegatives);
}
