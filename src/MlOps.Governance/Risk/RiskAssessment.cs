namespace MlOps.Governance.Risk;

/// <summary>A model's risk: the matrix cell, the level it gives, and the EU AI Act category.</summary>
/// <param name="Probability">The matrix row.</param>
/// <param name="Severity">The matrix column.</param>
/// <param name="EuAiActCategory">The EU AI Act category.</param>
public sealed record RiskAssessment(RiskProbability Probability, RiskSeverity Severity, EuAiActCategory EuAiActCategory)
{
    /// <summary>The level of the cell.</summary>
    public RiskLevel Level => RiskMatrix.LevelOf(Probability, Severity);

    /// <summary>Parses the three words (MLOPS107 on an unknown word).</summary>
    public static RiskAssessment Parse(string? probability, string? severity, string? euAiActCategory, string? file = null) =>
        new(RiskWords.Probability(probability, file), RiskWords.Severity(severity, file), RiskWords.EuAiAct(euAiActCategory, file));

    /// <summary>"likely × major → high (EU AI Act: high-risk)".</summary>
    public override string ToString() =>
        $"{RiskWords.Of(Probability)} × {RiskWords.Of(Severity)} → {RiskWords.Of(Level)} (EU AI Act: {RiskWords.Of(EuAiActCategory)})";
}
