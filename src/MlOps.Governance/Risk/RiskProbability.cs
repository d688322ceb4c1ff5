namespace MlOps.Governance.Risk;

/// <summary>How likely the model's failure is to cause harm: the rows of the book's 5×5 matrix.</summary>
public enum RiskProbability
{
    /// <summary>"rare".</summary>
    Rare = 1,

    /// <summary>"unlikely".</summary>
    Unlikely = 2,

    /// <summary>"possible".</summary>
    Possible = 3,

    /// <summary>"likely".</summary>
    Likely = 4,

    /// <summary>"very likely".</summary>
    VeryLikely = 5,
}
