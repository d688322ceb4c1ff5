namespace CreditRisk.Trainer;

/// <summary>What a training run reads, writes and how it fits; every field is recorded in the training evidence.</summary>
/// <param name="DataPath">The German credit CSV.</param>
/// <param name="OutputFolder">Receives credit-risk.onnx, train.csv, eval.csv, training.json and evidence/training.json.</param>
/// <param name="Seed">Seeds the train/evaluation split and ML.NET (<c>new MLContext(seed)</c>: SDCA's shuffling).</param>
/// <param name="EvaluationFraction">The share of each label held out for evaluation.</param>
/// <param name="L2Regularization">SDCA's L2 penalty.</param>
/// <param name="L1Regularization">SDCA's L1 penalty (0: none).</param>
/// <param name="MaximumNumberOfIterations">An upper bound on SDCA's passes over the data.</param>
/// <param name="ConvergenceTolerance">SDCA stops when the relative duality gap falls below this.</param>
public sealed record TrainingOptions(
    string DataPath,
    string OutputFolder,
    ulong Seed = TrainingOptions.DefaultSeed,
    double EvaluationFraction = 0.3,
    float L2Regularization = 0.01f,
    float L1Regularization = 0f,
    int MaximumNumberOfIterations = 100,
    float ConvergenceTolerance = 1e-4f)
{
    /// <summary>The seed the sample pipeline records and the reproducibility stage retrains with.</summary>
    public const ulong DefaultSeed = 20240611;

    /// <summary>
    /// SDCA runs on one thread: with more, the order in which threads update the weights varies from run to run and
    /// retraining is no longer bit-identical (the reproducibility stage compares the bytes).
    /// </summary>
    public const int NumberOfThreads = 1;

    /// <summary>The model file name inside <see cref="OutputFolder"/>.</summary>
    public const string ModelFileName = "credit-risk.onnx";

    /// <summary>The training split file name.</summary>
    public const string TrainFileName = "train.csv";

    /// <summary>The evaluation split file name.</summary>
    public const string EvaluationFileName = "eval.csv";

    /// <summary>The training record file name (in <see cref="OutputFolder"/>, and in its evidence folder).</summary>
    public const string RecordFileName = "training.json";

    /// <summary>The evidence folder inside <see cref="OutputFolder"/>, packed into the artefact by the model project.</summary>
    public const string EvidenceFolderName = "evidence";
}
