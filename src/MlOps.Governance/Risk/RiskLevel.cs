namespace MlOps.Governance.Risk;

/// <summary>The level a cell of the risk matrix assigns; policies scale their requirements with it.</summary>
public enum RiskLevel
{
    /// <summary>"low".</summary>
    Low = 1,

    /// <summary>"medium".</summary>
    Medium = 2,

    /// <summary>"high".</summary>
    High = 3,

    /// <summary>"severe".</summary>
    Severe = 4,
}
