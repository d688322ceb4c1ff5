namespace MlOps.Governance.Risk;

/// <summary>How bad the harm would be: the columns of the book's 5×5 matrix.</summary>
public enum RiskSeverity
{
    /// <summary>"very low".</summary>
    VeryLow = 1,

    /// <summary>"low".</summary>
    Low = 2,

    /// <summary>"moderate".</summary>
    Moderate = 3,

    /// <summary>"major".</summary>
    Major = 4,

    /// <summary>"very major".</summary>
    VeryMajor = 5,
}
