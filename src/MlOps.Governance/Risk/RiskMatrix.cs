namespace MlOps.Governance.Risk;

/// <summary>
/// The 5×5 risk matrix of "Introducing MLOPS" (Treveil et al., ch. 8), cell for cell as the book prints it:
/// probability (rows) × severity (columns) → level.
/// </summary>
public static class RiskMatrix
{
    // Rows: rare .. very likely; columns: very low .. very major. Do not "smooth" these: they are the book's.
    private static readonly RiskLevel[,] Cells =
    {
        /* rare        */ { RiskLevel.Low, RiskLevel.Low, RiskLevel.Low, RiskLevel.Medium, RiskLevel.Medium },
        /* unlikely    */ { RiskLevel.Low, RiskLevel.Medium, RiskLevel.Medium, RiskLevel.Medium, RiskLevel.High },
        /* possible    */ { RiskLevel.Low, RiskLevel.Medium, RiskLevel.Medium, RiskLevel.High, RiskLevel.High },
        /* likely      */ { RiskLevel.Medium, RiskLevel.Medium, RiskLevel.High, RiskLevel.High, RiskLevel.Severe },
        /* very likely */ { RiskLevel.Medium, RiskLevel.High, RiskLevel.High, RiskLevel.Severe, RiskLevel.Severe },
    };

    /// <summary>The level of one cell.</summary>
    public static RiskLevel LevelOf(RiskProbability probability, RiskSeverity severity)
    {
        if (!Enum.IsDefined(probability))
        {
            throw new ArgumentOutOfRangeException(nameof(probability));
        }
        if (!Enum.IsDefined(severity))
        {
            throw new ArgumentOutOfRangeException(nameof(severity));
        }
        return Cells[(int)probability - 1, (int)severity - 1];
    }

    /// <summary>Every probability, in matrix row order (rare first).</summary>
    public static IReadOnlyList<RiskProbability> Probabilities { get; } =
        [RiskProbability.Rare, RiskProbability.Unlikely, RiskProbability.Possible, RiskProbability.Likely, RiskProbability.VeryLikely];

    /// <summary>Every severity, in matrix column order (very low first).</summary>
    public static IReadOnlyList<RiskSeverity> Severities { get; } =
        [RiskSeverity.VeryLow, RiskSeverity.Low, RiskSeverity.Moderate, RiskSeverity.Major, RiskSeverity.VeryMajor];
}
