namespace MlOps.Governance.Robustness;

/// <summary>
/// What one perturbation of one feature did to the predictions: rows scored, predicted labels that changed at the
/// decision threshold, and the summed absolute score change; or why the perturbation does not apply to the feature.
/// </summary>
public sealed class Stability
{
    /// <summary>Rows whose perturbed copy got a score.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows whose predicted label changed.</summary>
    public long Flips { get; private set; }

    /// <summary>Rows whose perturbed copy the model gave no score (NaN): it does not accept the perturbed value.</summary>
    public long RowsWithoutScore { get; private set; }

    /// <summary>The sum of |perturbed score − score| over <see cref="Rows"/>.</summary>
    public double SumAbsScoreChange { get; private set; }

    /// <summary>Why the perturbation does not apply to this feature, or null when it does.</summary>
    public string? NotApplicable { get; init; }

    /// <summary>Flips ÷ rows (NaN without rows).</summary>
    public double FlipRate => Rows == 0 ? double.NaN : (double)Flips / Rows;

    /// <summary>The mean absolute score change (NaN without rows).</summary>
    public double MeanAbsScoreChange => Rows == 0 ? double.NaN : SumAbsScoreChange / Rows;

    /// <summary>Whether the model scored every perturbed row.</summary>
    public bool Accepted => RowsWithoutScore == 0;

    /// <summary>Counts one row: its score before and after the perturbation.</summary>
    public void Add(double before, double after, double threshold)
    {
        if (double.IsNaN(after))
        {
            RowsWithoutScore++;
            return;
        }
        Rows++;
        if ((before >= threshold) != (after >= threshold))
        {
            Flips++;
        }
        SumAbsScoreChange += Math.Abs(after - before);
    }

    /// <summary>Adds the counts of <paramref name="other"/> (another feature, for the overall figures).</summary>
    public void Add(Stability other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Rows += other.Rows;
        Flips += other.Flips;
        RowsWithoutScore += other.RowsWithoutScore;
        SumAbsScoreChange += other.SumAbsScoreChange;
    }
}
