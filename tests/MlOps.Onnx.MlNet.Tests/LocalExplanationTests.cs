using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlOps.Governance.Explanations;
using MlOps.Governance.Scoring;
using static MlOps.Onnx.MlNet.Tests.ExportParity;

namespace MlOps.Onnx.MlNet.Tests;

/// <summary>
/// Local contributions of ML.NET models exported to ONNX behind one-hot encoding and normalisation: they add up to
/// the margin for every row (to 1e-6), and the margin is what the exported model's outputs are made of (the
/// probability is its sigmoid; an uncalibrated forest's score is the margin itself).
/// </summary>
public sealed class LocalExplanationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-mlnet-explain-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> Trainers => new()
    {
        { "SdcaLogisticRegression", LinearExplainerMethod },
        { "LbfgsLogisticRegression", LinearExplainerMethod },
        { "FastTree", TreeShapMethod },
        { "FastForest", TreeShapMethod },
        { "LightGbm", TreeShapMethod },
    };

    private const string LinearExplainerMethod = "linear";
    private const string TreeShapMethod = "treeshap";

    private static IEstimator<ITransformer> Trainer(MLContext ml, string name) => name switch
    {
        "SdcaLogisticRegression" => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }),
        "LbfgsLogisticRegression" => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }),
        "FastTree" => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfThreads = 1, NumberOfTrees = 30 }),
        "FastForest" => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options { NumberOfThreads = 1, NumberOfTrees = 20 }),
        _ => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfThreads = 1, NumberOfIterations = 30, Seed = 1 }),
    };

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Contributions_of_an_exported_binary_model_add_up_to_its_margin_for_every_row(string trainer, string method)
    {
        var ml = new MLContext(seed: 1);
        var rows = DataSets.GermanCredit();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = BinaryTrainerParityTests.Featurizer(ml).Append(Trainer(ml, trainer)).Fit(data);
        var onnxPath = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(onnxPath, Export(ml, model, data, "PredictedLabel", "Score", "Probability"));

        var explainer = LocalExplainers.TryCreate(ModelFile.Open(onnxPath), WriteBackground(rows), "good", null, out var whyNot);

        Assert.True(explainer is not null, whyNot);
        Assert.Equal(method, explainer.Method);
        Assert.Subset(explainer.Features.ToHashSet(), CreditRow.Numeric.Concat(CreditRow.Categorical).ToHashSet());
        var session = ModelFile.Open(onnxPath).CreateSession();
        var inputs = Inputs(session.Inputs, data);
        var features = explainer.Features.Count;
        var contributions = new double[rows.Count * features];
        var margins = new double[rows.Count];
        explainer.Explain(inputs, rows.Count, contributions, margins);

        var outputs = session.Run(inputs);
        var scores = Output<float>(outputs, "Score");
        var calibrated = outputs.ContainsKey("Probability.output");
        for (var r = 0; r < rows.Count; r++)
        {
            var sum = explainer.ExpectedValue + contributions.AsSpan(r * features, features).ToArray().Sum();
            Assert.True(Math.Abs(sum - margins[r]) <= 1e-6, $"row {r}: contributions + expected value {sum:R}, margin {margins[r]:R}");
            var reproduced = calibrated ? 1 / (1 + Math.Exp(-margins[r])) : margins[r];
            var output = calibrated ? Output<float>(outputs, "Probability")[r] : scores[r];
            Assert.True(Math.Abs(reproduced - output) <= 1e-5, $"row {r}: margin {margins[r]:R} gives {reproduced:R}, the model {output:R}");
        }
        // A one-hot encoded column carries weight: its contribution (the sum of its categories' slots) is not always zero.
        var checking = explainer.Features.ToList().IndexOf("checking_status");
        Assert.Contains(Enumerable.Range(0, rows.Count), r => Math.Abs(contributions[(r * features) + checking]) > 1e-3);
    }

    [Fact]
    public void An_MlNet_zip_gets_a_reason_to_export_it_to_ONNX_rather_than_contributions()
    {
        var ml = new MLContext(seed: 1);
        var rows = DataSets.GermanCredit();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = BinaryTrainerParityTests.Featurizer(ml).Append(Trainer(ml, "SdcaLogisticRegression")).Fit(data);
        var zip = Path.Combine(_folder, "model.zip");
        ml.Model.Save(model, data.Schema, zip);

        Assert.Null(LocalExplainers.TryCreate(ModelFile.Open(zip), WriteBackground(rows), "good", null, out var whyNot));
        Assert.Contains("ML.NET model", whyNot, StringComparison.Ordinal);
        Assert.Contains("OnnxConverter", whyNot, StringComparison.Ordinal);
    }

    private string WriteBackground(IReadOnlyList<CreditRow> rows)
    {
        var columns = CreditRow.Numeric.Concat(CreditRow.Categorical).ToArray();
        var text = new StringBuilder(string.Join(',', columns)).Append(",Label\n");
        foreach (var row in rows)
        {
            foreach (var column in columns)
            {
                var value = typeof(CreditRow).GetProperty(column)!.GetValue(row);
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append(',');
            }
            text.Append(row.Label ? "true" : "false").Append('\n');
        }
        var path = Path.Combine(_folder, "background.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
