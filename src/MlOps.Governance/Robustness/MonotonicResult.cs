using MlOps.Governance.Cards;

namespace MlOps.Governance.Robustness;

/// <summary>The worst violation of a monotonic constraint: one row, two neighbouring values of the feature, and the scores.</summary>
/// <param name="Row">The data row (1-based record number, the header not counted).</param>
/// <param name="From">The lower feature value.</param>
/// <param name="To">The next higher feature value.</param>
/// <param name="ScoreFrom">The row's score with the feature at <paramref name="From"/>.</param>
/// <param name="ScoreTo">The row's score with the feature at <paramref name="To"/>.</param>
public sealed record MonotonicViolation(long Row, double From, double To, double ScoreFrom, double ScoreTo)
{
    /// <summary>How far the score moved the wrong way (positive).</summary>
    public double Amount(MonotonicDirection direction) => direction == MonotonicDirection.Decreasing ? ScoreTo - ScoreFrom : ScoreFrom - ScoreTo;
}

/// <summary>A monotonic constraint checked on every evaluation row.</summary>
public sealed class MonotonicResult
{
    /// <summary>Creates the result of <paramref name="constraint"/> checked over [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public MonotonicResult(MonotonicConstraint constraint, double min, double max)
    {
        Constraint = constraint;
        Min = min;
        Max = max;
    }

    /// <summary>The card's constraint.</summary>
    public MonotonicConstraint Constraint { get; }

    /// <summary>The smallest value of the feature in the data.</summary>
    public double Min { get; }

    /// <summary>The largest value of the feature in the data.</summary>
    public double Max { get; }

    /// <summary>Rows checked.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows whose score moved the wrong way between two neighbouring values.</summary>
    public long Violations { get; private set; }

    /// <summary>The violation with the largest wrong-way move, or null.</summary>
    public MonotonicViolation? Worst { get; private set; }

    /// <summary>Violations ÷ rows.</summary>
    public double ViolationRate => Rows == 0 ? double.NaN : (double)Violations / Rows;

    /// <summary>Whether no row violated the constraint.</summary>
    public bool Passed => Violations == 0;

    /// <summary>Counts one row; <paramref name="worst"/> is its largest wrong-way move, or null when it has none.</summary>
    public void Add(MonotonicViolation? worst)
    {
        Rows++;
        if (worst is null)
        {
            return;
        }
        Violations++;
        // Ties keep the earlier row, so the example does not depend on the order threads finish in.
        if (Worst is null || worst.Amount(Constraint.Direction) > Worst.Amount(Constraint.Direction))
        {
            Worst = worst;
        }
    }
}
