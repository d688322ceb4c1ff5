namespace MlOps.Governance.Risk;

/// <summary>The EU AI Act's risk categories. <see cref="Unacceptable"/> (prohibited practices) never passes a gate.</summary>
public enum EuAiActCategory
{
    /// <summary>"minimal": no obligations beyond existing law.</summary>
    Minimal = 1,

    /// <summary>"limited": transparency obligations.</summary>
    Limited = 2,

    /// <summary>"high-risk": conformity assessment, risk management, human oversight, logging.</summary>
    HighRisk = 3,

    /// <summary>"unacceptable": prohibited.</summary>
    Unacceptable = 4,
}
