using Microsoft.ML;
using Microsoft.ML.Data;
using MlOps.Benchmarks.Evaluation;
using MlOps.Onnx.Evaluation;

namespace MlOps.Benchmarks.Engines;

/// <summary>
/// ML.NET-exported models for the engine benchmark: an SDCA logistic regression and a FastTree binary classifier
/// trained on German credit (one-hot encoded categoricals, min-max normalised numbers, ML.NET 6.0.0, seed 1) and
/// exported with Microsoft.ML.OnnxConverter 0.24.0 to artifacts/bench/evaluation/mlnet-*.onnx, with a
/// 100,000-row input (the 1,000 German credit rows a hundred times over).
/// </summary>
public static class MlNetBenchmarkModels
{
    /// <summary>The models, as <see cref="EngineBenchmarks.Model"/> names them.</summary>
    public static readonly string[] Names = ["mlnet-sdca", "mlnet-fasttree"];

    private static readonly string[] Numeric =
        ["duration_months", "credit_amount", "installment_rate", "residence_since", "age", "existing_credits", "people_liable"];

    private static readonly string[] Categorical =
    [
        "checking_status", "credit_history", "purpose", "savings", "employment_since", "personal_status_sex", "other_debtors",
        "property", "other_installment_plans", "housing", "job", "telephone", "foreign_worker",
    ];

    /// <summary>German credit as the template ships it.</summary>
    public static string GermanCredit { get; } = FindGermanCredit();

    /// <summary>Trains and exports both models unless the files exist.</summary>
    public static void EnsureWritten()
    {
        Directory.CreateDirectory(BenchmarkModels.Folder);
        foreach (var name in Names)
        {
            var path = Path.Combine(BenchmarkModels.Folder, name + ".onnx");
            if (!File.Exists(path))
            {
                Export(name, path);
            }
        }
    }

    /// <summary>The 100,000-row input of an exported model: each model input fed from its German credit column.</summary>
    public static Dictionary<string, OnnxValue> Input(IModelSession session)
    {
        var lines = File.ReadAllLines(GermanCredit);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var inputs = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        foreach (var input in session.Inputs)
        {
            var column = Array.IndexOf(header, input.Name);
            var text = Enumerable.Range(0, BenchmarkModels.Rows).Select(i => rows[i % rows.Length][column]).ToArray();
            inputs[input.Name] = input.Type?.ElementType == MlOps.Onnx.OnnxDataType.String
                ? Tensor.Create(text, text.Length, 1)
                : Tensor.Create(text.Select(t => float.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), text.Length, 1);
        }
        return inputs;
    }

    private static void Export(string name, string path)
    {
        var ml = new MLContext(seed: 1);
        var columns = Numeric.Select(n => new TextLoader.Column(n, DataKind.Single, Column(n)))
            .Concat(Categorical.Select(c => new TextLoader.Column(c, DataKind.String, Column(c))))
            .Append(new TextLoader.Column("credit_risk", DataKind.String, Column("credit_risk")))
            .ToArray();
        var data = ml.Data.LoadFromTextFile(GermanCredit, columns, separatorChar: ',', hasHeader: true);
        var features = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["good"] = true, ["bad"] = false }, "credit_risk")
            .Append(ml.Transforms.Categorical.OneHotEncoding(Categorical.Select(c => new InputOutputColumnPair(c + "_onehot", c)).ToArray()))
            .Append(ml.Transforms.Concatenate("numeric", Numeric))
            .Append(ml.Transforms.NormalizeMinMax("numeric"))
            .Append(ml.Transforms.Concatenate("Features", [.. Categorical.Select(c => c + "_onehot"), "numeric"]));
        ITransformer model = name == "mlnet-sdca"
            ? features.Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 100)).Fit(data)
            : features.Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20, numberOfTrees: 100, minimumExampleCountPerLeaf: 10)).Fit(data);
        using var stream = File.Create(path);
        ml.Model.ConvertToOnnx(model, data, stream);
    }

    private static int Column(string name) => Array.IndexOf(File.ReadLines(GermanCredit).First().Split(','), name);

    // The copy the template ships (artifacts/bench/evaluation is two folders below the repository root).
    private static string FindGermanCredit() =>
        Path.Combine(BenchmarkModels.Folder, "..", "..", "..", "templates", "MlOps.Templates", "content", "governed-model", "data", "german-credit.csv");
}
