namespace CreditRisk.Trainer;

/// <summary>What a training run reads, writes and how it fits; every field is recorded in training.json.</summary>
/// <param name="DataPath">The German credit CSV.</param>
/// <param name="OutputFolder">Receives credit-risk.onnx, train.csv, eval.csv and training.json.</param>
/// <param name="Seed">Seeds the train/evaluation split (the only random choice in the run).</param>
/// <param name="EvaluationFraction">The share of each label held out for evaluation.</param>
/// <param name="L2">The L2 penalty λ (scikit-learn's 1/C).</param>
/// <param name="MaxIterations">An upper bound on Newton steps.</param>
/// <param name="Tolerance">Convergence: the largest parameter change of a step.</param>
public sealed record TrainingOptions(
    string DataPath,
    string OutputFolder,
    ulong Seed = TrainingOptions.DefaultSeed,
    double EvaluationFraction = 0.3,
    double L2 = 1.0,
    int MaxIterations = 100,
    double Tolerance = 1e-10)
{
    /// <summary>The seed the sample pipeline records and the reproducibility stage retrains with.</summary>
    public const ulong DefaultSeed = 20240611;

    /// <summary>The model file name inside <see cref="OutputFolder"/>.</summary>
    public const string ModelFileName = "credit-risk.onnx";

    /// <summary>The training split file name.</summary>
    public const string TrainFileName = "train.csv";

    /// <summary>The evaluation split file name.</summary>
    public const string EvaluationFileName = "eval.csv";

    /// <summary>The training record file name.</summary>
    public const string RecordFileName = "training.json";
}
