namespace MlOps.Governance.Lineage;

/// <summary>What a data set was used for.</summary>
public enum DataSetRole
{
    /// <summary>The model was trained on it ("training").</summary>
    Training,

    /// <summary>The model was evaluated on it ("evaluation").</summary>
    Evaluation,
}
