using System.Text.Json;
using CreditRisk.Trainer;
using Microsoft.ML;
using MlOps;
using MlOps.Governance.Evidence;
using MlOps.Hashing;
using MlOps.Onnx;
using MlOps.Onnx.Evaluation;

namespace MlOps.Templates.Tests;

public sealed class TrainerTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("mlops-trainer-");

    public void Dispose() => _temp.Delete(recursive: true);

    private TrainingResult Train(string folder, ulong seed = TrainingOptions.DefaultSeed) =>
        TrainingRun.Execute(new TrainingOptions(RepositoryPaths.GermanCredit, Path.Combine(_temp.FullName, folder), seed));

    /// <summary>ML.NET's own predictions (prediction engine) for the evaluation split of a run with <paramref name="options"/>.</summary>
    internal static List<CreditRiskPrediction> MlNetPredictions(TrainingOptions options)
    {
        var data = CreditDataSet.Load(options.DataPath);
        var labels = data.Rows.Select(r => r[data.Column("credit_risk")]).ToArray();
        var (train, evaluation) = StratifiedSplit.Split(labels, options.EvaluationFraction, options.Seed);
        var ml = new MLContext(TrainingRun.MlNetSeed(options.Seed));
        var model = TrainingRun.Fit(ml, LabelledCreditApplication.From(data, train), options);
        using var engine = ml.Model.CreatePredictionEngine<CreditApplication, CreditRiskPrediction>(model);
        return LabelledCreditApplication.From(data, evaluation).Select(engine.Predict).ToList();
    }

    [Fact]
    public void Same_seed_gives_the_same_onnx_bytes_split_files_and_evidence()
    {
        var first = Train("a");
        var second = Train("b");

        Assert.Equal(File.ReadAllBytes(first.ModelPath), File.ReadAllBytes(second.ModelPath));
        Assert.Equal(File.ReadAllBytes(first.TrainPath), File.ReadAllBytes(second.TrainPath));
        Assert.Equal(File.ReadAllBytes(first.EvaluationPath), File.ReadAllBytes(second.EvaluationPath));
        Assert.Equal(File.ReadAllBytes(first.RecordPath), File.ReadAllBytes(second.RecordPath));
        Assert.Equal(File.ReadAllBytes(first.EvidencePath), File.ReadAllBytes(second.EvidencePath));
        Assert.Equal(first.ModelSha256, second.ModelSha256);
    }

    [Fact]
    public void Another_seed_gives_another_split_and_model()
    {
        var first = Train("a", 1);
        var second = Train("b", 2);

        Assert.NotEqual(File.ReadAllBytes(first.EvaluationPath), File.ReadAllBytes(second.EvaluationPath));
        Assert.NotEqual(first.ModelSha256, second.ModelSha256);
    }

    [Fact]
    public void Split_is_stratified_70_30_and_adds_age_group()
    {
        var result = Train("a");
        var train = File.ReadAllLines(result.TrainPath);
        var evaluation = File.ReadAllLines(result.EvaluationPath);

        Assert.Equal(700, train.Length - 1);
        Assert.Equal(300, evaluation.Length - 1);
        Assert.EndsWith(",age_group", train[0]);
        // 30 % of 700 good and of 300 bad: the label shares are kept exactly.
        Assert.Equal(210, evaluation.Skip(1).Count(l => l.Split(',')[21] == "good"));
        Assert.Equal(90, evaluation.Skip(1).Count(l => l.Split(',')[21] == "bad"));
        foreach (var line in train.Skip(1).Concat(evaluation.Skip(1)))
        {
            var fields = line.Split(',');
            var age = int.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(age <= 25 ? "le_25" : "gt_25", fields[22]);
        }
        // No row is in both parts, and none is lost.
        Assert.Equal(1000, train.Skip(1).Concat(evaluation.Skip(1)).Count());
    }

    [Fact]
    public void Model_has_one_input_per_csv_column_and_ml_nets_binary_outputs()
    {
        var result = Train("a");
        var model = OnnxModel.Load(result.ModelPath);

        var inputs = model.Graph.Inputs.ToDictionary(i => i.Name, i => i.Type!);
        Assert.Equal(GermanCreditSchema.NumericFeatures.Concat(GermanCreditSchema.CategoricalFeatures).Order(StringComparer.Ordinal),
            inputs.Keys.Order(StringComparer.Ordinal));
        Assert.All(GermanCreditSchema.NumericFeatures, n => Assert.Equal(OnnxDataType.Float, inputs[n].ElementType));
        Assert.All(GermanCreditSchema.CategoricalFeatures, n => Assert.Equal(OnnxDataType.String, inputs[n].ElementType));
        Assert.All(inputs.Values, t => Assert.Equal(2, t.Shape!.Count));
        Assert.DoesNotContain("sex", inputs.Keys);
        Assert.DoesNotContain("personal_status_sex", inputs.Keys);
        Assert.DoesNotContain("credit_risk", inputs.Keys);
        Assert.Equal(["PredictedLabel.output", "Score.output", "Probability.output"], model.Graph.Outputs.Select(o => o.Name));
        Assert.Contains(CreditRiskPipeline.ScoreOutput, model.Graph.Outputs.Select(o => o.Name));
        // One-hot (LabelEncoder, OneHotEncoder), standardisation (Scaler), concatenation (FeatureVectorizer) and the
        // linear model with its calibrator (LinearRegressor, Mul, Add, Sigmoid, Binarizer).
        Assert.Subset(model.Graph.Nodes.Select(n => n.OpType).ToHashSet(),
            new HashSet<string> { "LabelEncoder", "OneHotEncoder", "Scaler", "FeatureVectorizer", "LinearRegressor", "Sigmoid", "Binarizer" });
    }

    [Fact]
    public void Managed_evaluator_scores_the_export_as_ml_net_does()
    {
        var options = new TrainingOptions(RepositoryPaths.GermanCredit, Path.Combine(_temp.FullName, "a"));
        var result = TrainingRun.Execute(options);
        var expected = MlNetPredictions(options);

        var session = InferenceSession.Load(result.ModelPath);
        var lines = File.ReadAllLines(result.EvaluationPath);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var inputs = new Dictionary<string, OnnxValue>();
        foreach (var name in GermanCreditSchema.NumericFeatures)
        {
            var c = Array.IndexOf(header, name);
            inputs[name] = new Tensor<float>(rows.Select(r => float.Parse(r[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray(), [rows.Length, 1]);
        }
        foreach (var name in GermanCreditSchema.CategoricalFeatures)
        {
            var c = Array.IndexOf(header, name);
            inputs[name] = new Tensor<string>(rows.Select(r => r[c]).ToArray(), [rows.Length, 1]);
        }
        var outputs = session.Run(inputs);
        var probability = ((Tensor<float>)outputs["Probability.output"]).Data;
        var predicted = ((Tensor<bool>)outputs["PredictedLabel.output"]).Data;

        Assert.Equal(expected.Count, probability.Length);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Probability, probability[i], 1e-5);
            Assert.Equal(expected[i].PredictedLabel, predicted[i]);
        }
    }

    [Fact]
    public void Fitted_model_separates_good_from_bad_on_the_held_out_split()
    {
        // An independent check of the fit: the rank statistic (ROC AUC) of ML.NET's probabilities on the held-out
        // split. Published logistic-regression results on this set are ~0.75-0.80.
        var options = new TrainingOptions(RepositoryPaths.GermanCredit, _temp.FullName);
        var expected = MlNetPredictions(options);
        var good = File.ReadAllLines(Train("a").EvaluationPath).Skip(1).Select(l => l.Split(',')[21] == "good").ToArray();
        var scored = expected.Select((p, i) => (P: p.Probability, Good: good[i])).ToList();
        double pairs = 0, wins = 0;
        foreach (var g in scored.Where(s => s.Good))
        {
            foreach (var b in scored.Where(s => !s.Good))
            {
                pairs++;
                wins += g.P > b.P ? 1 : g.P == b.P ? 0.5 : 0;
            }
        }
        Assert.InRange(wins / pairs, 0.7, 0.9);
    }

    [Fact]
    public void Training_evidence_records_the_run_and_is_about_the_exported_model()
    {
        var result = Train("a");

        var evidence = EvidenceFile.Load(result.EvidencePath);
        Assert.Equal(EvidenceKinds.Training, evidence.Kind);
        Assert.Equal(EvidenceVerdicts.Info, evidence.Verdict);
        Assert.Equal(Sha256Hex.OfFile(result.ModelPath), evidence.ModelSha256);
        // out/training.json (where the reproducibility stage reads the seed) is the same record.
        Assert.Equal(File.ReadAllBytes(result.EvidencePath), File.ReadAllBytes(result.RecordPath));

        var root = evidence.Root;
        Assert.Equal(TrainingOptions.DefaultSeed, root.GetProperty("seed").GetUInt64());
        var trainer = root.GetProperty("trainer");
        Assert.Equal("SdcaLogisticRegression", trainer.GetProperty("name").GetString());
        Assert.Equal("6.0.0", trainer.GetProperty("libraryVersion").GetString());
        var options = trainer.GetProperty("options");
        Assert.Equal(0.01, options.GetProperty("l2Regularization").GetDouble(), 6);
        Assert.Equal(1, options.GetProperty("numberOfThreads").GetInt32());
        Assert.Equal(["OneHotEncoding", "NormalizeMeanVariance", "Concatenate"],
            root.GetProperty("pipeline").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
        Assert.Equal(1000, root.GetProperty("data").GetProperty("rows").GetInt32());
        Assert.Equal(Sha256Hex.OfFile(RepositoryPaths.GermanCredit), root.GetProperty("data").GetProperty("sha256").GetString());
        Assert.Equal("0.24.0", root.GetProperty("export").GetProperty("converterVersion").GetString());
        // Nothing about the machine or the moment: no absolute path, no clock.
        var text = File.ReadAllText(result.EvidencePath);
        Assert.DoesNotContain(_temp.FullName, text);
        Assert.DoesNotContain(RepositoryPaths.Root, text);
        Assert.DoesNotContain(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-", text);
    }

    [Fact]
    public void A_label_that_is_not_good_or_bad_is_an_error_naming_file_and_line()
    {
        var bad = Path.Combine(_temp.FullName, "bad.csv");
        var lines = File.ReadAllLines(RepositoryPaths.GermanCredit);
        lines[3] = lines[3][..lines[3].LastIndexOf(',')] + ",maybe";
        File.WriteAllLines(bad, lines);

        var e = Assert.Throws<MlOpsException>(() => CreditDataSet.Load(bad));
        Assert.Equal(bad, e.File);
        Assert.Equal(4, e.Line);
        Assert.Contains("maybe", e.Message);
    }
}
