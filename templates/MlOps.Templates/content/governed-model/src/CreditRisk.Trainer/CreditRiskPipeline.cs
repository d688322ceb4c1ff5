using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace CreditRisk.Trainer;

/// <summary>
/// The ML.NET pipeline: one-hot encoding of the categorical columns, standardisation of the numeric ones,
/// concatenation into one feature vector, and L2-regularised logistic regression fitted by SDCA. Every step exports
/// to ONNX (Microsoft.ML.OnnxConverter), and <see cref="Describe"/> records the same steps in the training evidence.
/// </summary>
public static class CreditRiskPipeline
{
    /// <summary>The feature vector's column.</summary>
    public const string Features = "Features";

    /// <summary>The ML.NET columns exported as ONNX graph outputs (each named "&lt;column&gt;.output").</summary>
    public static IReadOnlyList<string> OnnxOutputs { get; } = ["PredictedLabel", "Score", "Probability"];

    /// <summary>The ONNX output the evaluation and fairness stages score with: the probability of a good risk.</summary>
    public const string ScoreOutput = "Probability.output";

    /// <summary>The estimator chain, unfitted.</summary>
    public static IEstimator<ITransformer> Create(MLContext ml, TrainingOptions options) =>
        // Indicator one-hot over the categories seen in training; an unseen category encodes as all zeros.
        ml.Transforms.Categorical.OneHotEncoding(InPlace(GermanCreditSchema.CategoricalFeatures))
            // (x - mean) / standard deviation, fitted on the training rows (fixZero: false keeps the centring).
            .Append(ml.Transforms.NormalizeMeanVariance(InPlace(GermanCreditSchema.NumericFeatures), fixZero: false))
            .Append(ml.Transforms.Concatenate(Features, [.. GermanCreditSchema.NumericFeatures, .. GermanCreditSchema.CategoricalFeatures]))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(TrainerOptions(options)));

    /// <summary>The trainer's options: every one the run sets explicitly, so the evidence records what was used.</summary>
    public static SdcaLogisticRegressionBinaryTrainer.Options TrainerOptions(TrainingOptions options) => new()
    {
        LabelColumnName = "Label",
        FeatureColumnName = Features,
        L2Regularization = options.L2Regularization,
        L1Regularization = options.L1Regularization,
        MaximumNumberOfIterations = options.MaximumNumberOfIterations,
        ConvergenceTolerance = options.ConvergenceTolerance,
        NumberOfThreads = TrainingOptions.NumberOfThreads,
        Shuffle = true,
    };

    /// <summary>The trainer and its options as the training evidence records them.</summary>
    public static JsonObject DescribeTrainer(TrainingOptions options)
    {
        var o = TrainerOptions(options);
        return new JsonObject
        {
            ["name"] = "SdcaLogisticRegression",
            ["library"] = "Microsoft.ML",
            ["libraryVersion"] = VersionOf(typeof(MLContext)),
            ["options"] = new JsonObject
            {
                ["l2Regularization"] = o.L2Regularization,
                ["l1Regularization"] = o.L1Regularization,
                ["maximumNumberOfIterations"] = o.MaximumNumberOfIterations,
                ["convergenceTolerance"] = o.ConvergenceTolerance,
                ["numberOfThreads"] = o.NumberOfThreads,
                ["shuffle"] = o.Shuffle,
                ["labelColumn"] = o.LabelColumnName,
                ["featureColumn"] = o.FeatureColumnName,
            },
        };
    }

    /// <summary>The featurizing steps before the trainer, in order, as the training evidence records them.</summary>
    public static JsonArray Describe() =>
    [
        Step("OneHotEncoding", GermanCreditSchema.CategoricalFeatures, new JsonObject { ["outputKind"] = "Indicator", ["unseenCategory"] = "all zeros" }),
        Step("NormalizeMeanVariance", GermanCreditSchema.NumericFeatures, new JsonObject { ["fixZero"] = false }),
        Step("Concatenate", [.. GermanCreditSchema.NumericFeatures, .. GermanCreditSchema.CategoricalFeatures], new JsonObject { ["output"] = Features }),
    ];

    /// <summary>The version of the assembly that holds <paramref name="type"/> (its package version, without the commit).</summary>
    public static string VersionOf(Type type)
    {
        var informational = type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        return informational is null ? type.Assembly.GetName().Version?.ToString() ?? "unknown" : informational.Split('+')[0];
    }

    private static JsonObject Step(string name, IEnumerable<string> columns, JsonObject settings) => new()
    {
        ["step"] = name,
        ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)c)]),
        ["settings"] = settings,
    };

    private static InputOutputColumnPair[] InPlace(IEnumerable<string> columns) =>
        columns.Select(c => new InputOutputColumnPair(c, c)).ToArray();
}
